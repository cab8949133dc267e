/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import static io.memfabric.FabricConfig.Configuration.ADDRESS_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.AGENT_DUMP_DIR_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.AGENT_EXCLUDE_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.AGENT_VERBOSE_DEFAULT;
import static io.memfabric.FabricConfig.Configuration.AGENT_VERBOSE_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.CLUSTER_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.IDLE_DEFAULT;
import static io.memfabric.FabricConfig.Configuration.DURABILITY_BACKGROUND;
import static io.memfabric.FabricConfig.Configuration.DURABILITY_COMMIT;
import static io.memfabric.FabricConfig.Configuration.DURABILITY_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.IDLE_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.LEASE_MS_DEFAULT;
import static io.memfabric.FabricConfig.Configuration.DATA_PORT_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.JOURNAL_DIR_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.LEASE_MS_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.SECRET_FILE_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.SECRET_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.SESSION_MS_DEFAULT;
import static io.memfabric.FabricConfig.Configuration.SESSION_MS_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.LOCK_GREEDY_DEFAULT;
import static io.memfabric.FabricConfig.Configuration.LOCK_GREEDY_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.STATS_READS_DEFAULT;
import static io.memfabric.FabricConfig.Configuration.STATS_READS_PROP_NAME;
import static io.memfabric.FabricConfig.Configuration.TIMEOUT_MS_DEFAULT;
import static io.memfabric.FabricConfig.Configuration.TIMEOUT_MS_PROP_NAME;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;


/**
 * Settings of a fabric, shaped like an Aeron context (as every MemFabric component's settings are): a fluent accessor
 * per setting, property names and defaults in the nested {@link Configuration}, values validated once in
 * {@link #conclude()}, and a {@link FabricErrorHandler} for the errors that have no caller to be thrown to.
 * <p>
 * A JVM started with the agent reads its settings from, lowest precedence first: the properties file named by the
 * agent argument {@code config=path}, environment variables ({@code MEMFABRIC_CLUSTER} for {@code memfabric.cluster},
 * dots and dashes becoming underscores), and system properties ({@code -Dmemfabric.cluster=...}). An unknown
 * {@code memfabric.*} key in a file or system property is an error, so a misspelt setting never goes unnoticed
 * ({@code memfabric.test.*} and {@code memfabric.bench.*} belong to MemFabric's own test and benchmark tools and are
 * left to them).
 * No MemFabric library class reads system properties itself: {@link #load} is given them, as the data plane's and the
 * page pool's {@code fromProperties} are.
 */
public final class FabricConfig
{
    /**
     * The names of the fabric's settings (system properties, environment variables, the agent's properties file) and
     * their defaults.
     */
    public static final class Configuration
    {
        /**
         * Client endpoints of the consensus cluster, {@code host:port,host:port,host:port}. Absent means the embedded
         * fabric, inside this JVM.
         */
        public static final String CLUSTER_PROP_NAME = "memfabric.cluster";

        /**
         * Comma-separated prefixes of class names the agent leaves unrewritten (e.g. {@code com.acme.legacy.}). Code in
         * those classes that touches shared fields would bypass the fabric, so the agent refuses to leave a class
         * unrewritten if it declares shared fields.
         */
        public static final String AGENT_EXCLUDE_PROP_NAME = "memfabric.agent.exclude";

        /**
         * A directory the agent writes every rewritten class file into, for inspection with {@code javap}.
         */
        public static final String AGENT_DUMP_DIR_PROP_NAME = "memfabric.agent.dump";

        /**
         * {@code true} to have the agent print one line per class it rewrites.
         */
        public static final String AGENT_VERBOSE_PROP_NAME = "memfabric.agent.verbose";

        /**
         * Default of {@link #AGENT_VERBOSE_PROP_NAME}.
         */
        public static final boolean AGENT_VERBOSE_DEFAULT = false;

        /**
         * {@code true} to count every read of a shared field served from the local copy (the {@code reads_local}
         * counter). Off by default: the agent then leaves the read's fast path as two loads and a branch; on, every
         * local read also increments one counter shared by the JVM's threads, which costs contended reads dearly. For
         * diagnosis.
         */
        public static final String STATS_READS_PROP_NAME = "memfabric.stats.reads";

        /**
         * Default of {@link #STATS_READS_PROP_NAME}.
         */
        public static final boolean STATS_READS_DEFAULT = false;

        /**
         * {@code true} (the default) for greedy fabric locks on a cluster: a JVM granted a lock keeps it after its
         * threads leave the {@code synchronized} block, so that they take it again with no round trip, until the
         * cluster recalls it for another JVM; {@code false} releases it to the cluster at every exit.
         */
        public static final String LOCK_GREEDY_PROP_NAME = "memfabric.lock.greedy";

        /**
         * Default of {@link #LOCK_GREEDY_PROP_NAME}.
         */
        public static final boolean LOCK_GREEDY_DEFAULT = true;

        /**
         * What a {@code synchronized} exit waits for when its block wrote shared objects this JVM owns (writes under a
         * greedy lock stay in this JVM until they are flushed): {@value #DURABILITY_COMMIT} (the default) waits until
         * the cluster has committed them, so nothing a thread completed is lost if its JVM dies;
         * {@value #DURABILITY_BACKGROUND} returns at once and flushes within
         * {@value #DURABILITY_BACKGROUND_FLUSH_MS} ms, so a JVM that dies may lose what its threads wrote in that
         * time. Either way other JVMs read the latest write (the cluster recalls an owner's writes before it answers
         * them), and a lock passes to another JVM only after the writes made under it are committed.
         */
        public static final String DURABILITY_PROP_NAME = "memfabric.durability";

        /**
         * {@link #DURABILITY_PROP_NAME}: an exit waits until the block's writes are committed (the default).
         */
        public static final String DURABILITY_COMMIT = "commit";

        /**
         * {@link #DURABILITY_PROP_NAME}: an exit returns at once; writes are flushed in the background.
         */
        public static final String DURABILITY_BACKGROUND = "background";

        /**
         * With {@link #DURABILITY_BACKGROUND}, buffered writes are flushed at most this long after they were made.
         */
        public static final int DURABILITY_BACKGROUND_FLUSH_MS = 5;

        /**
         * How long a node may serve reads of a STRONG object from its local copy after reading it from the cluster (a
         * read lease), in milliseconds; 0 makes every read of a shared field ask the cluster. At most 60 000.
         */
        public static final String LEASE_MS_PROP_NAME = "memfabric.lease.ms";

        /**
         * Default of {@link #LEASE_MS_PROP_NAME}.
         */
        public static final long LEASE_MS_DEFAULT = 2_000;

        /**
         * How long this JVM's session with the cluster lives without a message from it, in milliseconds: a JVM that
         * dies or is cut off loses its locks and read leases this long after it was last heard.
         */
        public static final String SESSION_MS_PROP_NAME = "memfabric.session.ms";

        /**
         * Default of {@link #SESSION_MS_PROP_NAME}.
         */
        public static final long SESSION_MS_DEFAULT = 5_000;

        /**
         * How long an operation waits for an unreachable cluster before it fails with
         * {@link FabricUnavailableException}, in milliseconds.
         */
        public static final String TIMEOUT_MS_PROP_NAME = "memfabric.timeout.ms";

        /**
         * Default of {@link #TIMEOUT_MS_PROP_NAME}.
         */
        public static final long TIMEOUT_MS_DEFAULT = 10_000;

        /**
         * How this JVM's cluster client waits for work: {@code adaptive} (default: short parks while requests flow,
         * up to 2 ms sleeps at rest), {@code sleeping} (1 ms sleeps always), {@code backoff} (spins, yields, then
         * parks) or {@code busy_spin} (a dedicated core).
         */
        public static final String IDLE_PROP_NAME = "memfabric.idle";

        /**
         * Default of {@link #IDLE_PROP_NAME}.
         */
        public static final IdleSetting IDLE_DEFAULT = IdleSetting.ADAPTIVE;

        /**
         * The local address (no port) this JVM asks the cluster to answer on; absent means the address this host sends
         * from to reach the cluster, which is right unless the host has several routes to it. Set it to the address of
         * the interface the cluster reaches (e.g. {@code 10.0.0.12}).
         */
        public static final String ADDRESS_PROP_NAME = "memfabric.address";

        /**
         * The secret this JVM proves to a cluster whose members were started with {@code --secret-file}; prefer
         * {@link #SECRET_FILE_PROP_NAME}, since a system property shows in the process list.
         */
        public static final String SECRET_PROP_NAME = "memfabric.secret";

        /**
         * A file holding the secret this JVM proves to the cluster (the members' {@code --secret-file}).
         */
        public static final String SECRET_FILE_PROP_NAME = "memfabric.secret.file";

        /**
         * The UDP port of this JVM's data plane, which carries CAUSAL and EVENTUAL writes between JVMs; 0, the default,
         * takes any free port. Its address is {@link #ADDRESS_PROP_NAME}'s (else the one that routes to the cluster),
         * and other JVMs learn it from the cluster's membership, so open it in firewalls between the JVMs' hosts.
         * Data-plane tuning ({@code memfabric.transport.*}: MTU, term length, window) is read by the data plane.
         */
        public static final String DATA_PORT_PROP_NAME = "memfabric.data.port";

        /**
         * A directory, one per JVM, for the journal of its CAUSAL and EVENTUAL writes (a Chronicle Queue): every
         * batch is appended before it is sent, so a JVM restarted on the same directory recovers what it wrote and
         * sends it again. Unset, the default, keeps no journal: writes of a crashed JVM that no other JVM received
         * are lost.
         */
        public static final String JOURNAL_DIR_PROP_NAME = "memfabric.journal.dir";

        private Configuration()
        {
        }
    }

    private static final int SECRET_MIN_BYTES = 16;
    private static final String PREFIX = "memfabric.";
    // Sub-namespaces read and checked elsewhere: MemFabric's test and benchmark harnesses, which pass their settings to
    // the JVMs they start, and the data plane and page pool (TransportConfig, PoolConfig in rdma-transport). Not
    // settings of this class, and not errors.
    private static final List<String> TOOL_PREFIXES =
        List.of("memfabric.test.", "memfabric.bench.", "memfabric.transport.", "memfabric.pool.");
    private static final String ENV_PREFIX = "MEMFABRIC_";
    private static final List<String> KNOWN = List.of(
        CLUSTER_PROP_NAME, AGENT_EXCLUDE_PROP_NAME, AGENT_DUMP_DIR_PROP_NAME, AGENT_VERBOSE_PROP_NAME,
        LEASE_MS_PROP_NAME, SESSION_MS_PROP_NAME, TIMEOUT_MS_PROP_NAME, IDLE_PROP_NAME, ADDRESS_PROP_NAME,
        SECRET_PROP_NAME, SECRET_FILE_PROP_NAME, STATS_READS_PROP_NAME, LOCK_GREEDY_PROP_NAME,
        DURABILITY_PROP_NAME, DATA_PORT_PROP_NAME, JOURNAL_DIR_PROP_NAME);

    private String cluster;
    private List<String> agentExclude = Collections.emptyList();
    private Path agentDumpDir;
    private boolean agentVerbose = AGENT_VERBOSE_DEFAULT;
    private boolean statsReads = STATS_READS_DEFAULT;
    private boolean lockGreedy = LOCK_GREEDY_DEFAULT;
    private boolean durabilityBackground;
    private long leaseMs = LEASE_MS_DEFAULT;
    private long sessionMs = SESSION_MS_DEFAULT;
    private int dataPort;
    private Path journalDir;
    private long timeoutMs = TIMEOUT_MS_DEFAULT;
    private IdleSetting idle = IDLE_DEFAULT;
    private FabricErrorHandler errorHandler;
    private String address;
    private String secret;
    private Path secretFile;
    private List<String> clusterEndpoints = Collections.emptyList();
    private boolean concluded;

    /**
     * A configuration with every setting at its default: the embedded fabric.
     */
    public FabricConfig()
    {
    }

    /**
     * Reads the settings of this JVM: an optional properties file, then environment variables, then system
     * properties, each overriding the one before.
     *
     * @param configFile the properties file named by the agent argument {@code config=path}, or {@code null}.
     * @param environment the environment variables, normally {@link System#getenv()}.
     * @param systemProperties the system properties, normally {@link System#getProperties()}.
     * @return the configuration, not yet concluded.
     * @throws FabricConfigurationException if the file cannot be read or names an unknown setting.
     */
    public static FabricConfig load(
        final Path configFile, final Map<String, String> environment, final Properties systemProperties)
    {
        final Map<String, String> values = new TreeMap<>();
        if (configFile != null)
        {
            final Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8))
            {
                file.load(reader);
            }
            catch (final IOException ex)
            {
                throw new FabricConfigurationException("Cannot read the MemFabric configuration file '" + configFile +
                    "' named by the agent argument config=...: " + ex + "; check the path and its permissions");
            }
            collect(file, "the configuration file " + configFile, values);
        }

        for (final String key : KNOWN)
        {
            final String envName = ENV_PREFIX + key.substring(PREFIX.length())
                .replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
            final String value = environment.get(envName);
            if (value != null)
            {
                values.put(key, value);
            }
        }

        collect(systemProperties, "the system properties", values);

        final FabricConfig config = new FabricConfig();
        config.cluster(values.get(CLUSTER_PROP_NAME));
        if (values.containsKey(AGENT_EXCLUDE_PROP_NAME))
        {
            config.agentExclude(splitList(values.get(AGENT_EXCLUDE_PROP_NAME)));
        }
        if (values.containsKey(AGENT_DUMP_DIR_PROP_NAME))
        {
            final String dir = values.get(AGENT_DUMP_DIR_PROP_NAME).trim();
            config.agentDumpDir(dir.isEmpty() ? null : Path.of(dir));
        }
        if (values.containsKey(AGENT_VERBOSE_PROP_NAME))
        {
            config.agentVerbose(parseBoolean(AGENT_VERBOSE_PROP_NAME, values.get(AGENT_VERBOSE_PROP_NAME)));
        }
        if (values.containsKey(LOCK_GREEDY_PROP_NAME))
        {
            config.lockGreedy(parseBoolean(LOCK_GREEDY_PROP_NAME, values.get(LOCK_GREEDY_PROP_NAME)));
        }
        if (values.containsKey(DURABILITY_PROP_NAME))
        {
            final String value = values.get(DURABILITY_PROP_NAME).trim();
            if (!value.equals(DURABILITY_COMMIT) && !value.equals(DURABILITY_BACKGROUND))
            {
                throw new FabricConfigurationException(DURABILITY_PROP_NAME + "=" + value + " is not a durability; " +
                    "give " + DURABILITY_COMMIT + " (an exit waits until its writes are committed, the default) or " +
                    DURABILITY_BACKGROUND + " (writes are flushed in the background)");
            }
            config.durabilityBackground(value.equals(DURABILITY_BACKGROUND));
        }
        if (values.containsKey(STATS_READS_PROP_NAME))
        {
            config.statsReads(parseBoolean(STATS_READS_PROP_NAME, values.get(STATS_READS_PROP_NAME)));
        }
        if (values.containsKey(LEASE_MS_PROP_NAME))
        {
            config.leaseMs(millis(LEASE_MS_PROP_NAME, values.get(LEASE_MS_PROP_NAME)));
        }
        if (values.containsKey(SESSION_MS_PROP_NAME))
        {
            config.sessionMs(millis(SESSION_MS_PROP_NAME, values.get(SESSION_MS_PROP_NAME)));
        }
        if (values.containsKey(TIMEOUT_MS_PROP_NAME))
        {
            config.timeoutMs(millis(TIMEOUT_MS_PROP_NAME, values.get(TIMEOUT_MS_PROP_NAME)));
        }
        if (values.containsKey(JOURNAL_DIR_PROP_NAME))
        {
            final String dir = values.get(JOURNAL_DIR_PROP_NAME).trim();
            config.journalDir(dir.isEmpty() ? null : Path.of(dir));
        }
        if (values.containsKey(DATA_PORT_PROP_NAME))
        {
            config.dataPort(port(DATA_PORT_PROP_NAME, values.get(DATA_PORT_PROP_NAME)));
        }
        if (values.containsKey(IDLE_PROP_NAME))
        {
            config.idle(IdleSetting.parse(IDLE_PROP_NAME, values.get(IDLE_PROP_NAME)));
        }
        if (values.containsKey(ADDRESS_PROP_NAME))
        {
            config.address(values.get(ADDRESS_PROP_NAME));
        }
        if (values.containsKey(SECRET_PROP_NAME))
        {
            config.secret(values.get(SECRET_PROP_NAME));
        }
        if (values.containsKey(SECRET_FILE_PROP_NAME))
        {
            config.secretFile(Path.of(values.get(SECRET_FILE_PROP_NAME).trim()));
        }
        return config;
    }

    /**
     * Validates every setting and derives what depends on them. Called by {@link Fabric#open(FabricConfig)}.
     *
     * @return this configuration.
     * @throws FabricConfigurationException naming the first bad setting.
     */
    public FabricConfig conclude()
    {
        clusterEndpoints = cluster == null ? Collections.emptyList() : parseEndpoints(cluster);
        for (final String prefix : agentExclude)
        {
            if (prefix.isEmpty() || prefix.indexOf('/') >= 0)
            {
                throw new FabricConfigurationException(AGENT_EXCLUDE_PROP_NAME + " has the prefix '" + prefix +
                    "'; give dotted class-name prefixes separated by commas, e.g. com.acme.legacy.,org.example.");
            }
        }
        if (leaseMs < 0 || leaseMs > 60_000)
        {
            throw new FabricConfigurationException(LEASE_MS_PROP_NAME + " is " + leaseMs + "; give 0 (no read " +
                "leases: every read asks the cluster) up to 60000 milliseconds");
        }
        if (sessionMs < 100 || sessionMs > 3_600_000)
        {
            throw new FabricConfigurationException(SESSION_MS_PROP_NAME + " is " + sessionMs + "; give 100 up to " +
                "3600000 milliseconds (how long a silent JVM keeps its locks)");
        }
        if (leaseMs > sessionMs)
        {
            throw new FabricConfigurationException(LEASE_MS_PROP_NAME + " (" + leaseMs + ") is longer than " +
                SESSION_MS_PROP_NAME + " (" + sessionMs + "); a read lease must not outlive the session that holds it");
        }
        if (timeoutMs <= 0)
        {
            throw new FabricConfigurationException(TIMEOUT_MS_PROP_NAME + " is " + timeoutMs + "; give a positive " +
                "number of milliseconds");
        }
        if (idle == null)
        {
            throw new FabricConfigurationException(
                IDLE_PROP_NAME + " is not set; give adaptive, sleeping, backoff or busy_spin");
        }
        if (errorHandler == null)
        {
            errorHandler = ErrorHandlers.logging("fabric");
        }
        if (address != null && !address.matches("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]"))
        {
            throw new FabricConfigurationException(ADDRESS_PROP_NAME + " is '" + address + "'; give this host's " +
                "address or host name without a port, e.g. 10.0.0.12 or [fd00::12]");
        }
        if (secret != null && secretFile != null)
        {
            throw new FabricConfigurationException("both " + SECRET_PROP_NAME + " and " + SECRET_FILE_PROP_NAME +
                " are set; give one");
        }
        if (secretFile != null && !Files.isReadable(secretFile))
        {
            throw new FabricConfigurationException(SECRET_FILE_PROP_NAME + " names " + secretFile + ", which this " +
                "JVM cannot read");
        }
        if (secret != null && secret.trim().getBytes(StandardCharsets.UTF_8).length < SECRET_MIN_BYTES)
        {
            throw new FabricConfigurationException(SECRET_PROP_NAME + " is shorter than " + SECRET_MIN_BYTES +
                " bytes; give the members' secret");
        }
        concluded = true;
        return this;
    }

    /**
     * @return the cluster's client endpoints as given, or {@code null} for the embedded fabric.
     */
    public String cluster()
    {
        return cluster;
    }

    /**
     * @param cluster the cluster's client endpoints {@code host:port,host:port,...}, or {@code null} (or empty) for
     *                the embedded fabric.
     * @return this configuration.
     */
    public FabricConfig cluster(final String cluster)
    {
        this.cluster = cluster == null || cluster.trim().isEmpty() ? null : cluster.trim();
        concluded = false;
        return this;
    }

    /**
     * @return the cluster endpoints parsed by {@link #conclude()}; empty for the embedded fabric.
     */
    public List<String> clusterEndpoints()
    {
        return clusterEndpoints;
    }

    /**
     * @return the class-name prefixes the agent leaves unrewritten.
     */
    public List<String> agentExclude()
    {
        return agentExclude;
    }

    /**
     * @param prefixes class-name prefixes the agent leaves unrewritten.
     * @return this configuration.
     */
    public FabricConfig agentExclude(final List<String> prefixes)
    {
        this.agentExclude = List.copyOf(prefixes);
        concluded = false;
        return this;
    }

    /**
     * @return the directory rewritten classes are written to, or {@code null}.
     */
    public Path agentDumpDir()
    {
        return agentDumpDir;
    }

    /**
     * @param dir a directory to write rewritten class files to, or {@code null} for none.
     * @return this configuration.
     */
    public FabricConfig agentDumpDir(final Path dir)
    {
        this.agentDumpDir = dir;
        return this;
    }

    /**
     * @return whether the agent prints a line per rewritten class.
     */
    public boolean agentVerbose()
    {
        return agentVerbose;
    }

    /**
     * @param verbose whether the agent prints a line per rewritten class.
     * @return this configuration.
     */
    public FabricConfig agentVerbose(final boolean verbose)
    {
        this.agentVerbose = verbose;
        return this;
    }

    /**
     * @return whether reads served from the local copy are counted ({@link Configuration#STATS_READS_PROP_NAME}).
     */
    public boolean statsReads()
    {
        return statsReads;
    }

    /**
     * @param count whether the agent makes reads served from the local copy count themselves.
     * @return this configuration.
     */
    public FabricConfig statsReads(final boolean count)
    {
        this.statsReads = count;
        return this;
    }

    /**
     * @return whether fabric locks are greedy ({@link Configuration#LOCK_GREEDY_PROP_NAME}).
     */
    public boolean lockGreedy()
    {
        return lockGreedy;
    }

    /**
     * @param greedy whether a JVM keeps a fabric lock until the cluster recalls it.
     * @return this configuration.
     */
    public FabricConfig lockGreedy(final boolean greedy)
    {
        this.lockGreedy = greedy;
        return this;
    }

    /**
     * @return whether buffered writes are flushed in the background ({@link Configuration#DURABILITY_PROP_NAME}
     * {@value Configuration#DURABILITY_BACKGROUND}) rather than committed before an exit returns.
     */
    public boolean durabilityBackground()
    {
        return durabilityBackground;
    }

    /**
     * @param background see {@link Configuration#DURABILITY_PROP_NAME}.
     * @return this configuration.
     */
    public FabricConfig durabilityBackground(final boolean background)
    {
        this.durabilityBackground = background;
        return this;
    }

    /**
     * @return whether {@link #conclude()} has validated the current settings.
     */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @return the settings, one {@code name=value} per setting.
     */
    public String toString()
    {
        return CLUSTER_PROP_NAME + "=" + (cluster == null ? "(embedded)" : cluster) + ", " +
            AGENT_EXCLUDE_PROP_NAME + "=" + String.join(",", agentExclude) + ", " +
            AGENT_DUMP_DIR_PROP_NAME + "=" + (agentDumpDir == null ? "" : agentDumpDir) + ", " +
            AGENT_VERBOSE_PROP_NAME + "=" + agentVerbose + ", " + LEASE_MS_PROP_NAME + "=" + leaseMs + ", " +
            SESSION_MS_PROP_NAME + "=" + sessionMs + ", " + TIMEOUT_MS_PROP_NAME + "=" + timeoutMs + ", " +
            IDLE_PROP_NAME + "=" + idle + ", " + LOCK_GREEDY_PROP_NAME + "=" + lockGreedy + ", " +
            DURABILITY_PROP_NAME + "=" + (durabilityBackground ? DURABILITY_BACKGROUND : DURABILITY_COMMIT) + ", " +
            ADDRESS_PROP_NAME + "=" + (address == null ? "(route)" : address) + ", " +
            DATA_PORT_PROP_NAME + "=" + (dataPort == 0 ? "(any free)" : dataPort) + ", " +
            JOURNAL_DIR_PROP_NAME + "=" + (journalDir == null ? "(none)" : journalDir);
    }

    /**
     * @return the directory of this JVM's journal of CAUSAL and EVENTUAL writes, or {@code null} for none.
     */
    public Path journalDir()
    {
        return journalDir;
    }

    /**
     * @param dir see {@link Configuration#JOURNAL_DIR_PROP_NAME}; {@code null} for no journal.
     * @return this.
     */
    public FabricConfig journalDir(final Path dir)
    {
        this.journalDir = dir;
        return this;
    }

    /**
     * @return the UDP port of this JVM's data plane; 0 for any free one.
     */
    public int dataPort()
    {
        return dataPort;
    }

    /**
     * @param port see {@link Configuration#DATA_PORT_PROP_NAME}: 0 to 65535.
     * @return this.
     */
    public FabricConfig dataPort(final int port)
    {
        if (port < 0 || port > 65535)
        {
            throw new FabricConfigurationException(DATA_PORT_PROP_NAME + " is " + port + "; give a UDP port from 1 " +
                "to 65535, or 0 for any free one");
        }
        this.dataPort = port;
        return this;
    }

    private static int port(final String name, final String value)
    {
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new FabricConfigurationException(name + " is '" + value + "'; give a UDP port from 1 to 65535, or " +
                "0 for any free one");
        }
    }

    /**
     * @return how long reads may be served from a local copy after a read from the cluster; 0 for never.
     */
    public long leaseMs()
    {
        return leaseMs;
    }

    /**
     * @param ms see {@link Configuration#LEASE_MS_PROP_NAME}.
     * @return this.
     */
    public FabricConfig leaseMs(final long ms)
    {
        this.leaseMs = ms;
        concluded = false;
        return this;
    }

    /**
     * @return how long a silent JVM keeps its session (and its locks) with the cluster.
     */
    public long sessionMs()
    {
        return sessionMs;
    }

    /**
     * @param ms see {@link Configuration#SESSION_MS_PROP_NAME}.
     * @return this.
     */
    public FabricConfig sessionMs(final long ms)
    {
        this.sessionMs = ms;
        concluded = false;
        return this;
    }

    /**
     * @return how long an operation waits for an unreachable cluster.
     */
    public long timeoutMs()
    {
        return timeoutMs;
    }

    /**
     * @param ms see {@link Configuration#TIMEOUT_MS_PROP_NAME}.
     * @return this.
     */
    public FabricConfig timeoutMs(final long ms)
    {
        this.timeoutMs = ms;
        concluded = false;
        return this;
    }

    /**
     * @return how the cluster client's thread and its media driver wait for work.
     */
    public IdleSetting idle()
    {
        return idle;
    }

    /**
     * @return where the fabric's errors go that have no caller to be thrown to (a release the cluster did not
     * confirm, a push the client could not read, a failure of a background thread); {@link ErrorHandlers#logging}
     * unless set. Not a property: give it in code, before {@link Fabric#open(FabricConfig)}.
     */
    public FabricErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler see {@link #errorHandler()}.
     * @return this.
     */
    public FabricConfig errorHandler(final FabricErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        concluded = false;
        return this;
    }

    /**
     * @return the address the cluster is asked to answer on, or {@code null} for the one that routes to it.
     */
    public String address()
    {
        return address;
    }

    /**
     * @return the secret given by {@link Configuration#SECRET_PROP_NAME}, or {@code null}.
     */
    public String secret()
    {
        return secret;
    }

    /**
     * @return the file given by {@link Configuration#SECRET_FILE_PROP_NAME}, or {@code null}.
     */
    public Path secretFile()
    {
        return secretFile;
    }

    /**
     * @param secret see {@link Configuration#SECRET_PROP_NAME}.
     * @return this.
     */
    public FabricConfig secret(final String secret)
    {
        this.secret = secret == null || secret.isBlank() ? null : secret;
        return this;
    }

    /**
     * @param secretFile see {@link Configuration#SECRET_FILE_PROP_NAME}.
     * @return this.
     */
    public FabricConfig secretFile(final Path secretFile)
    {
        this.secretFile = secretFile;
        return this;
    }

    /**
     * @param address see {@link Configuration#ADDRESS_PROP_NAME}; {@code null} or blank for the one that routes to
     *                the cluster.
     * @return this.
     */
    public FabricConfig address(final String address)
    {
        this.address = address == null || address.isBlank() ? null : address.trim();
        return this;
    }

    /**
     * @param idle see {@link Configuration#IDLE_PROP_NAME}.
     * @return this.
     */
    public FabricConfig idle(final IdleSetting idle)
    {
        this.idle = idle == null ? IDLE_DEFAULT : idle;
        concluded = false;
        return this;
    }

    private static long millis(final String name, final String value)
    {
        return SettingValues.wholeNumber(name, value, 0, Long.MAX_VALUE);
    }

    private static void collect(final Properties source, final String where, final Map<String, String> values)
    {
        for (final String key : source.stringPropertyNames())
        {
            if (key.startsWith(PREFIX) && TOOL_PREFIXES.stream().noneMatch(key::startsWith))
            {
                if (!KNOWN.contains(key))
                {
                    throw new FabricConfigurationException("Unknown MemFabric setting '" + key + "' in " + where +
                        "; the settings are: " + String.join(", ", KNOWN));
                }
                values.put(key, source.getProperty(key));
            }
        }
    }

    private static List<String> splitList(final String value)
    {
        final List<String> items = new ArrayList<>();
        for (final String item : value.split(","))
        {
            if (!item.trim().isEmpty())
            {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static boolean parseBoolean(final String name, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true"))
        {
            return true;
        }
        if (v.equals("false"))
        {
            return false;
        }
        throw new FabricConfigurationException(name + " is '" + value + "'; use true or false");
    }

    private static List<String> parseEndpoints(final String cluster)
    {
        final List<String> endpoints = new ArrayList<>();
        for (final String raw : cluster.split(",", -1))
        {
            final String endpoint = raw.trim();
            final int colon = endpoint.lastIndexOf(':');
            if (endpoint.isEmpty() || colon <= 0 || colon == endpoint.length() - 1)
            {
                throw new FabricConfigurationException(CLUSTER_PROP_NAME + " is '" + cluster + "': the endpoint '" +
                    endpoint + "' is not host:port; give the line './fabric cluster start' prints, e.g. " +
                    CLUSTER_PROP_NAME + "=localhost:20002,localhost:20102,localhost:20202");
            }
            final String port = endpoint.substring(colon + 1);
            int portNumber = -1;
            if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(ch -> ch >= '0' && ch <= '9'))
            {
                portNumber = Integer.parseInt(port);
            }
            if (portNumber < 1 || portNumber > 65535)
            {
                throw new FabricConfigurationException(CLUSTER_PROP_NAME + " is '" + cluster + "': the port '" +
                    port + "' of '" + endpoint + "' is not a number from 1 to 65535");
            }
            endpoints.add(endpoint);
        }
        return List.copyOf(endpoints);
    }
}
