/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

/**
 * What one member answered {@code cluster status}: its role, and who it is (its process and the cluster it belongs
 * to), so that an answer from a different cluster on the same ports is recognised as such. The line a member sends
 * is {@code member <id> <endpoint> pid <pid> cluster <cluster id> <ROLE>}; the role comes last so that readers
 * matching {@code endsWith(" LEADER")} keep working.
 */
public final class MemberStatus
{
    /**
     * The role of a member that did not answer.
     */
    public static final String UNREACHABLE = "UNREACHABLE";
    /**
     * The role of whatever answered on a member's status port with something that is not a member's status line.
     */
    public static final String UNRECOGNISED = "UNRECOGNISED";
    /**
     * Pid of a member that did not say.
     */
    public static final long UNKNOWN_PID = -1;

    private final int memberId;
    private final String endpoint;
    private final long pid;
    private final String clusterId;
    private final String role;

    MemberStatus(final int memberId, final String endpoint, final long pid, final String clusterId, final String role)
    {
        this.memberId = memberId;
        this.endpoint = endpoint;
        this.pid = pid;
        this.clusterId = clusterId;
        this.role = role;
    }

    /**
     * @param memberId  the member.
     * @param endpoint  its ingress endpoint.
     * @param pid       its process.
     * @param clusterId its cluster, or {@code null}.
     * @param role      its role.
     * @return the line a member sends.
     */
    static String line(final int memberId, final String endpoint, final long pid, final String clusterId,
        final String role)
    {
        return new MemberStatus(memberId, endpoint, pid, clusterId, role).toString();
    }

    static MemberStatus unreachable(final int memberId, final String endpoint)
    {
        return new MemberStatus(memberId, endpoint, UNKNOWN_PID, null, UNREACHABLE);
    }

    /**
     * @param memberId the member asked.
     * @param endpoint its ingress endpoint.
     * @param line     what answered on its status port.
     * @return the status; {@link #UNRECOGNISED} when the line is not a member's status of that member.
     */
    static MemberStatus parse(final int memberId, final String endpoint, final String line)
    {
        final String[] words = line.trim().split(" +");
        if (words.length < 4 || !"member".equals(words[0]) || !Integer.toString(memberId).equals(words[1]))
        {
            return new MemberStatus(memberId, endpoint, UNKNOWN_PID, null, UNRECOGNISED);
        }
        long pid = UNKNOWN_PID;
        String clusterId = null;
        try
        {
            for (int i = 3; i + 1 < words.length; i += 2)
            {
                if ("pid".equals(words[i]))
                {
                    pid = Long.parseLong(words[i + 1]);
                }
                else if ("cluster".equals(words[i]))
                {
                    clusterId = words[i + 1];
                }
            }
        }
        catch (final NumberFormatException ex)
        {
            return new MemberStatus(memberId, endpoint, UNKNOWN_PID, null, UNRECOGNISED);
        }
        return new MemberStatus(memberId, endpoint, pid, clusterId, words[words.length - 1]);
    }

    public int memberId()
    {
        return memberId;
    }

    public String endpoint()
    {
        return endpoint;
    }

    /**
     * @return the member's pid, or {@link #UNKNOWN_PID}.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * @return the cluster the member says it belongs to, or {@code null} if it did not say.
     */
    public String clusterId()
    {
        return clusterId;
    }

    /**
     * @return LEADER, FOLLOWER, CANDIDATE, {@link #UNREACHABLE} or {@link #UNRECOGNISED}.
     */
    public String role()
    {
        return role;
    }

    /**
     * @return whether a member answered.
     */
    public boolean answered()
    {
        return !UNREACHABLE.equals(role) && !UNRECOGNISED.equals(role);
    }

    /**
     * @return whether it leads.
     */
    public boolean isLeader()
    {
        return "LEADER".equals(role);
    }

    public String toString()
    {
        return "member " + memberId + " " + endpoint + (pid == UNKNOWN_PID ? "" : " pid " + pid) +
            (clusterId == null ? "" : " cluster " + clusterId) + " " + role;
    }
}
