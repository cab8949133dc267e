/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.consensus;

import io.memfabric.IdleSetting;
import io.aeron.cluster.service.ClusteredService;
import io.memfabric.consensus.FabricClusteredService;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterMember;
import io.memfabric.consensus.cluster.MemberConfig;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.util.function.Supplier;

/**
 * The main class of a member JVM the consensus suite starts: one {@link ClusterMember} running either the real
 * MemFabric service or the {@link EchoService} floor, with the idle strategy under test, until SIGTERM.
 * <p>
 * Arguments: {@code fabric|echo <memberId> <members> <dir> <aeronDir> <SLEEPING|BACKOFF|BUSY_SPIN>}.
 */
public final class BenchMember
{
    private BenchMember()
    {
    }

    /**
     * @param args the arguments above.
     */
    public static void main(final String[] args)
    {
        if (args.length != 6)
        {
            System.err.println("usage: BenchMember fabric|echo <memberId> <members> <dir> <aeronDir> <idle>");
            System.exit(2);
        }
        final Supplier<ClusteredService> service = service(args[0]);
        final MemberConfig config = new MemberConfig()
            .memberId(Integer.parseInt(args[1]))
            .endpoints(ClusterEndpoints.parse(args[2]))
            .dir(new File(args[3]))
            .aeronDir(args[4])
            .idle(IdleSetting.valueOf(args[5]))
            .cleanStart(true);

        // Closed in reverse: the member stops first, then the barrier lets the JVM's shutdown go on.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            ClusterMember member = ClusterMember.launch(config, service))
        {
            System.out.println("member " + member.memberId() + " (" + args[0] + ", " + args[5] + ") started");
            System.out.flush();
            barrier.await();
            System.out.println("member " + member.memberId() + " stopping");
        }
    }

    private static Supplier<ClusteredService> service(final String name)
    {
        switch (name)
        {
            case "fabric":
                return FabricClusteredService::new;
            case "echo":
                return EchoService::new;
            default:
                throw new IllegalArgumentException("unknown service " + name + "; expected fabric or echo");
        }
    }
}
