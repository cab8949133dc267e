/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

import java.util.Locale;
import java.util.Objects;

/**
 * Reads the text of a setting (a property, an environment variable, a command-line option) the one way every MemFabric
 * configuration reads it, failing with a {@link FabricConfigurationException} that names the setting and its text.
 */
public final class SettingValues
{
    private SettingValues()
    {
    }

    /**
     * @param setting the setting or option, for the message.
     * @param text    its text.
     * @param min     the smallest value accepted.
     * @param max     the largest value accepted.
     * @return the number.
     * @throws FabricConfigurationException if the text is not a whole number from {@code min} to {@code max}.
     */
    public static long wholeNumber(final String setting, final String text, final long min, final long max)
    {
        try
        {
            final long number = Long.parseLong(Objects.requireNonNull(text).trim());
            if (number < min || number > max)
            {
                throw new NumberFormatException("out of range");
            }
            return number;
        }
        catch (final NumberFormatException ex)
        {
            throw new FabricConfigurationException(
                setting + "='" + text + "' is not a whole number from " + min + " to " + max, ex);
        }
    }

    /**
     * Reads a size as every {@code memfabric.*} size setting is written: bytes, or a number with {@code k}, {@code m}
     * or {@code g} (binary).
     *
     * @param setting the setting or option, for the message.
     * @param text    its text.
     * @return the size in bytes.
     * @throws FabricConfigurationException naming the setting if the text is not a size.
     */
    public static long size(final String setting, final String text)
    {
        final String value = Objects.requireNonNull(text).trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = value;
        if (!value.isEmpty())
        {
            switch (value.charAt(value.length() - 1))
            {
                case 'k':
                    multiplier = 1L << 10;
                    break;
                case 'm':
                    multiplier = 1L << 20;
                    break;
                case 'g':
                    multiplier = 1L << 30;
                    break;
                default:
                    break;
            }
            if (multiplier != 1)
            {
                digits = value.substring(0, value.length() - 1).trim();
            }
        }
        try
        {
            final long number = Long.parseLong(digits);
            if (number < 0 || number > Long.MAX_VALUE / multiplier)
            {
                throw new NumberFormatException("out of range");
            }
            return number * multiplier;
        }
        catch (final NumberFormatException ex)
        {
            throw new FabricConfigurationException(setting + "='" + text + "' is not a size: give bytes, or a " +
                "number with k, m or g (binary), e.g. 256m", ex);
        }
    }
}
