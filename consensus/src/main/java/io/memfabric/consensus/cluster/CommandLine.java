/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --name value} options of the cluster commands, checked against what each command accepts, so a typo
 * is an error naming the option rather than a silently ignored setting. {@code --help} (or {@code -h}) anywhere asks
 * for the command's usage; arguments that are not options are kept in order, for commands that take them.
 */
final class CommandLine
{
    /**
     * Exit status of a command given a bad argument, as most Unix tools do.
     */
    static final int USAGE_EXIT_STATUS = 2;

    private static final Set<String> HELP = Set.of("--help", "-h");

    private final String command;
    private final Map<String, String> options = new HashMap<>();
    private final List<String> operands = new ArrayList<>();
    private boolean help;

    private CommandLine(final String command)
    {
        this.command = command;
    }

    static CommandLine parse(
        final String command, final String[] args, final Set<String> valued, final Set<String> flags)
    {
        return parse(command, args, valued, flags, 0);
    }

    /**
     * @param command     the command's name, for messages.
     * @param args        its arguments.
     * @param valued      the options that take a value.
     * @param flags       the options that take none.
     * @param maxOperands how many arguments that are not options the command takes.
     * @return the parsed line; {@link #help()} tells whether usage was asked for, in which case nothing else is
     * checked.
     * @throws IllegalArgumentException naming the first bad argument.
     */
    static CommandLine parse(
        final String command,
        final String[] args,
        final Set<String> valued,
        final Set<String> flags,
        final int maxOperands)
    {
        final CommandLine line = new CommandLine(command);
        for (final String arg : args)
        {
            if (HELP.contains(arg))
            {
                line.help = true;
                return line;
            }
        }
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
            else if (!arg.startsWith("-") && line.operands.size() < maxOperands)
            {
                line.operands.add(arg);
            }
            else
            {
                final Set<String> known = new TreeSet<>(valued);
                known.addAll(flags);
                throw new IllegalArgumentException(command + ": unknown " + (arg.startsWith("-") ? "option" :
                    "argument") + " '" + arg + "'; it takes " + String.join(" ", known) + " --help");
            }
        }
        return line;
    }

    /**
     * Prints the message and the usage to standard error and exits with {@link #USAGE_EXIT_STATUS}.
     *
     * @param message what was wrong.
     * @param usage   the command's usage.
     */
    static void exitWithUsageError(final String message, final String usage)
    {
        final PrintStream err = System.err;
        err.println("fabric: " + message);
        err.println();
        err.print(usage);
        err.flush();
        System.exit(USAGE_EXIT_STATUS);
    }

    /**
     * Prints the usage to standard output and exits with 0: the user asked for it.
     *
     * @param usage the command's usage.
     */
    static void exitWithUsage(final String usage)
    {
        System.out.print(usage);
        System.out.flush();
        System.exit(0);
    }

    boolean help()
    {
        return help;
    }

    List<String> operands()
    {
        return operands;
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
        return (int)number(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param name     the option.
     * @param fallback its value when absent.
     * @param min      its smallest allowed value.
     * @param max      its largest allowed value.
     * @return the option's value.
     * @throws IllegalArgumentException if it is not a whole number in range.
     */
    long number(final String name, final long fallback, final long min, final long max)
    {
        final String value = options.get(name);
        if (value == null)
        {
            return fallback;
        }
        final long number;
        try
        {
            number = Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(command + ": " + name + " is '" + value + "', not a whole number");
        }
        if (number < min || number > max)
        {
            throw new IllegalArgumentException(command + ": " + name + " is " + number + "; give " + min + " to " +
                max);
        }
        return number;
    }

    boolean flag(final String name)
    {
        return options.containsKey(name);
    }
}
