/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import io.memfabric.runtime.JvmFabric;
import io.memfabric.runtime.cluster.ClusterFabric;
import io.memfabric.runtime.embedded.EmbeddedFabric;

import java.util.function.Supplier;

/**
 * A single logical memory that spans JVMs and hosts, holding the objects of {@link io.memfabric.annotations.Shared}
 * classes. Objects are found by name: a root ({@code fabric://namespace/path}) is the entry point of a shared object
 * graph, and every object reachable from it through shared fields is shared too.
 * <p>
 * A JVM started with {@code -javaagent:fabric.jar} has one fabric bound to it, {@link #current()}: static
 * {@code @Shared} fields live there. {@link #open(FabricConfig)} opens further fabrics programmatically; several may
 * live in one JVM. Without {@code memfabric.cluster} a fabric is embedded: it lives inside this JVM.
 */
public interface Fabric extends AutoCloseable
{
    /**
     * The fabric the agent bound this JVM to.
     *
     * @return the fabric of this JVM.
     * @throws FabricUnavailableException if the JVM was started without {@code -javaagent:fabric.jar}, or the
     *                                    fabric was closed.
     */
    static Fabric current()
    {
        try
        {
            return JvmFabric.current();
        }
        catch (final NoClassDefFoundError ex)
        {
            throw runtimeMissing(ex);
        }
    }

    /**
     * Opens a fabric with the given settings. Several may be open in one JVM; each must be closed.
     *
     * @param config the settings; {@link FabricConfig#conclude()} is called on them.
     * @return the open fabric: a client of the cluster named by {@code memfabric.cluster}, or the embedded fabric
     * inside this JVM when none is named.
     * @throws FabricConfigurationException if a setting is invalid.
     * @throws FabricUnavailableException   if the cluster does not answer within {@code memfabric.timeout.ms}.
     */
    static Fabric open(final FabricConfig config)
    {
        config.conclude();
        try
        {
            if (config.cluster() != null)
            {
                return new ClusterFabric(config);
            }
            return new EmbeddedFabric(config);
        }
        catch (final NoClassDefFoundError ex)
        {
            throw runtimeMissing(ex);
        }
    }

    // Only the API artifact is on the class path (compiled against memfabric-api, run without the agent).
    private static FabricUnavailableException runtimeMissing(final NoClassDefFoundError cause)
    {
        final FabricUnavailableException ex = new FabricUnavailableException("MemFabric's runtime is not in this " +
            "JVM, only its API (" + cause.getMessage() + " is missing): start the JVM with -javaagent:fabric.jar " +
            "(the io.memfabric:memfabric-agent artifact), which brings the runtime");
        ex.initCause(cause);
        return ex;
    }

    /**
     * Gets the root named {@code uri}, creating it with {@code init} if it does not exist yet. Atomic across the
     * fabric: every caller, in any thread or JVM, gets the same object, and {@code init} runs at most once per
     * root ({@code init} of a losing caller is not run).
     *
     * @param uri  the root's name, {@code fabric://namespace/path}.
     * @param type the class of the root object: a class the agent made shareable ({@code @Shared}), or a
     *             collection interface ({@code List}, {@code Map}, {@code Set}, {@code Collection}, {@code Queue},
     *             {@code Deque}, {@code BlockingQueue}, {@code BlockingDeque}), whose {@code init} may return a
     *             {@code java.util} collection: the root then holds a fabric collection with its contents.
     * @param init creates the root object when the root does not exist yet; must not return {@code null}.
     * @param <T>  the type of the root object.
     * @return the root object.
     * @throws InvalidFabricUriException if {@code uri} is not a valid fabric URI.
     * @throws FabricException           if {@code type} is not shareable, or the root holds an object of another
     *                                   type.
     */
    <T> T root(String uri, Class<T> type, Supplier<T> init);

    /**
     * How many times {@link #atomically(Supplier)} runs a transaction before it gives up.
     */
    int DEFAULT_TRANSACTION_ATTEMPTS = 32;

    /**
     * Runs {@code body} as a transaction of this JVM's fabric: see {@link #atomically(int, Supplier)}, with
     * {@value #DEFAULT_TRANSACTION_ATTEMPTS} attempts.
     *
     * @param body reads and writes shared objects.
     * @param <T>  what it answers.
     * @return what the attempt that committed answered.
     * @throws FabricTransactionException if every attempt conflicted.
     */
    static <T> T atomically(final Supplier<T> body)
    {
        return current().atomically(DEFAULT_TRANSACTION_ATTEMPTS, body);
    }

    /**
     * Runs {@code body} as a transaction of this JVM's fabric, with {@value #DEFAULT_TRANSACTION_ATTEMPTS} attempts.
     *
     * @param body reads and writes shared objects.
     * @throws FabricTransactionException if every attempt conflicted.
     */
    static void atomically(final Runnable body)
    {
        current().atomically(DEFAULT_TRANSACTION_ATTEMPTS, () ->
        {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body} as an optimistic transaction: it reads and writes shared fields of any number of objects as
     * usual, but its writes stay its own (it reads them back; no other thread or JVM sees them) until it ends, and it
     * then commits them atomically, in one request, if nothing it read has changed meanwhile. If something changed,
     * its writes are dropped and {@code body} runs again, after a short pause, up to {@code maxAttempts} times.
     * <p>
     * So {@code body} must be safe to run more than once: its effects outside shared fields (I/O, local state) happen
     * once per attempt. Inside it, {@code synchronized} on shared objects takes no fabric lock (the commit's check
     * replaces it), {@code notify}/{@code notifyAll} are sent after the commit, and {@code wait} is refused (a
     * transaction must not block on others). A transaction inside a transaction is part of it. Objects first stored
     * in an attempt that does not commit stay unreferenced in the fabric. Roots are read and written as they are, not
     * as part of the transaction.
     * <p>
     * The embedded fabric has one JVM: it runs transactions one at a time, under one lock, and never retries.
     *
     * @param maxAttempts how many times to run {@code body} at most (at least 1).
     * @param body        reads and writes shared objects.
     * @param <T>         what it answers.
     * @return what the attempt that committed answered.
     * @throws FabricTransactionException if every attempt conflicted (nothing of it was written).
     * @throws IllegalArgumentException   if {@code maxAttempts} is below 1.
     */
    <T> T atomically(int maxAttempts, Supplier<T> body);

    /**
     * Calls {@code listener} when another JVM changes a CAUSAL or EVENTUAL field of {@code target}, or a merging
     * object ({@code ReplicatedCounter}, {@code ReplicatedSet}, {@code ReplicatedMap}): every change as it is applied
     * in this JVM, in that order (causal order for CAUSAL fields), none dropped because a later one followed.
     * <p>
     * With {@code memfabric.journal.dir} set, the subscription's position is saved under its name: a JVM restarted on
     * the same journal that subscribes under the same name first gets the changes it had applied but not yet handed
     * to the listener (at least once: a change may come twice, with the same stamp). Changes made while it was down
     * reach it as the latest value of each field, after {@link FabricChangeListener#onGap} says so: no change is
     * silently lost. Without a journal a subscription lives as long as the JVM.
     * <p>
     * STRONG fields are not covered (a subscription to a class with none but STRONG fields is refused). The embedded
     * fabric has no other JVM: its subscriptions are never called.
     *
     * @param name     names the subscription (letters, digits, {@code -}, {@code _}, {@code .}); one per JVM at a time.
     * @param target   a shared object.
     * @param field    one of its CAUSAL or EVENTUAL fields, or {@code null} for all of them.
     * @param listener gets the changes.
     * @return the subscription.
     * @throws IllegalArgumentException if the name, the object or the field cannot be subscribed to, saying why.
     */
    FabricSubscription subscribe(String name, Object target, String field, FabricChangeListener listener);

    /**
     * Whether an object is shared on this fabric: a root, or reachable from one through shared fields.
     *
     * @param object any object.
     * @return {@code true} if the object is shared on this fabric.
     */
    boolean isShared(Object object);

    /**
     * A snapshot of this fabric's counters.
     *
     * @return the counters as they are now.
     */
    FabricStats stats();

    /**
     * Closes the fabric. Afterwards {@link #root} and publishing new objects fail with
     * {@link FabricUnavailableException}; closing twice does nothing.
     */
    void close();
}
