/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of the cluster commands, checked against what each command accepts, so a typo
 * is an error naming the option rather than a silently ignored setting.
 */
final class CommandLine
{
    private final String command;
    private final Map<String, String> options = new HashMap<>();

    private CommandLine(final String command)
    {
        this.command = command;
    }

    static CommandLine parse(final String command, final String[] args, final Set<String> valued, final Set<String> flags)
    {
        final CommandLine line = new CommandLine(command);
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (flags.contains(arg))
            {
                line.options.put(arg, "true");
            }
            else if (valued.contains(arg))
            {
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException(command + ": " + arg + " needs a value");
                }
                line.options.put(arg, args[++i]);
            }
            else
            {
                throw new IllegalArgumentException(command + ": unknown option '" + arg + "'; it takes " +
                    String.join(" ", List.copyOf(valued)) + (flags.isEmpty() ? "" : " " + String.join(" ", flags)));
            }
        }
        return line;
    }

    String get(final String name, final String fallback)
    {
        return options.getOrDefault(name, fallback);
    }

    String required(final String name)
    {
        final String value = options.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException(command + ": " + name + " is required");
        }
        return value;
    }

    int integer(final String name, final int fallback)
    {
        final String value = options.get(name);
        if (value == null)
        {
            return fallback;
        }
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(command + ": " + name + " is '" + value + "', not a whole number");
        }
    }

    boolean flag(final String name)
    {
        return options.containsKey(name);
    }
}
