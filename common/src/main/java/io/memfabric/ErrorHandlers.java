/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * The error handler every component's configuration starts with. Errors that happen off the caller's thread (a
 * client's poller, the data plane's duty cycle, a lease renewal, an embedded media driver) have nobody to throw to, so
 * each component hands them to the {@link FabricErrorHandler} of its configuration; unless the application gives its
 * own, that handler writes them to the JDK's platform logger ({@link System.Logger}, which {@code java.util.logging}
 * or an SLF4J bridge can route), never to {@code System.err} directly.
 */
public final class ErrorHandlers
{
    private ErrorHandlers()
    {
    }

    /**
     * @param component the component whose errors these are, e.g. {@code consensus-client}; the logger is
     *                  {@code io.memfabric.<component>}.
     * @return a handler that logs each error with its stack trace: {@link FabricException.Category#INTERNAL} and
     * anything that is not a {@link FabricException} at {@code ERROR}, the rest at {@code WARNING}.
     */
    public static FabricErrorHandler logging(final String component)
    {
        // The logger is found at the first error: finding the logging backend costs a JVM's start several ms.
        return new FabricErrorHandler()
        {
            private volatile System.Logger logger;

            public void onError(final Throwable throwable)
            {
                System.Logger found = logger;
                if (found == null)
                {
                    found = System.getLogger("io.memfabric." + component);
                    logger = found;
                }
                final boolean internal = !(throwable instanceof FabricException) ||
                    ((FabricException)throwable).category() == FabricException.Category.INTERNAL;
                found.log(internal ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    component + ": " + throwable.getMessage(), throwable);
            }
        };
    }
}
