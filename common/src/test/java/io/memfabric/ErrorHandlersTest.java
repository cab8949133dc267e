/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

class ErrorHandlersTest
{
    @Test
    void theDefaultHandlerLogsToThePlatformLoggerOfTheComponentWithTheLevelOfTheCategory()
    {
        final Logger logger = Logger.getLogger("io.memfabric.test-component");
        final List<LogRecord> records = new ArrayList<>();
        final Handler capture = new Handler()
        {
            public void publish(final LogRecord record)
            {
                records.add(record);
            }

            public void flush()
            {
            }

            public void close()
            {
            }
        };
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
        try
        {
            final FabricException unavailable =
                new FabricException(FabricException.Category.UNAVAILABLE, "the cluster did not answer");
            final IllegalStateException bug = new IllegalStateException("a bug");
            ErrorHandlers.logging("test-component").onError(unavailable);
            ErrorHandlers.logging("test-component").onError(bug);

            assertEquals(2, records.size());
            assertEquals(Level.WARNING, records.get(0).getLevel());
            assertSame(unavailable, records.get(0).getThrown());
            assertEquals("test-component: the cluster did not answer", records.get(0).getMessage());
            assertEquals(Level.SEVERE, records.get(1).getLevel());
            assertSame(bug, records.get(1).getThrown());
        }
        finally
        {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(true);
        }
    }
}
