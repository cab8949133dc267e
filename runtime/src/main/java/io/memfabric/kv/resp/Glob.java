/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.kv.resp;

/**
 * Redis's glob patterns (CONFIG GET): {@code *} any run, {@code ?} any one character, {@code [abc]}, {@code [a-z]} and
 * {@code [^a]} sets, and {@code \} to take the next character literally.
 */
final class Glob
{
    private Glob()
    {
    }

    /**
     * @param pattern the glob.
     * @param text    the text to test.
     * @return whether the whole text matches.
     */
    static boolean matches(final String pattern, final String text)
    {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(final String pattern, final int from, final String text, final int at)
    {
        int p = from;
        int t = at;
        while (p < pattern.length())
        {
            final char c = pattern.charAt(p);
            if ('*' == c)
            {
                while (p + 1 < pattern.length() && '*' == pattern.charAt(p + 1))
                {
                    p++;
                }
                if (p + 1 == pattern.length())
                {
                    return true;
                }
                for (int i = t; i <= text.length(); i++)
                {
                    if (matches(pattern, p + 1, text, i))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length())
            {
                return false;
            }
            final char actual = text.charAt(t);
            if ('?' == c)
            {
                p++;
            }
            else if ('[' == c)
            {
                final int close = setEnd(pattern, p);
                if (close < 0)
                {
                    // An unclosed '[' is literal.
                    if (actual != '[')
                    {
                        return false;
                    }
                    p++;
                }
                else
                {
                    if (!inSet(pattern, p + 1, close, actual))
                    {
                        return false;
                    }
                    p = close + 1;
                }
            }
            else if ('\\' == c && p + 1 < pattern.length())
            {
                if (pattern.charAt(p + 1) != actual)
                {
                    return false;
                }
                p += 2;
            }
            else
            {
                if (c != actual)
                {
                    return false;
                }
                p++;
            }
            t++;
        }
        return t == text.length();
    }

    private static int setEnd(final String pattern, final int open)
    {
        int i = open + 1;
        if (i < pattern.length() && '^' == pattern.charAt(i))
        {
            i++;
        }
        if (i < pattern.length() && ']' == pattern.charAt(i))
        {
            i++;
        }
        for (; i < pattern.length(); i++)
        {
            if ('\\' == pattern.charAt(i))
            {
                i++;
            }
            else if (']' == pattern.charAt(i))
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean inSet(final String pattern, final int from, final int end, final char c)
    {
        int i = from;
        boolean negate = false;
        if ('^' == pattern.charAt(i))
        {
            negate = true;
            i++;
        }
        boolean found = false;
        while (i < end)
        {
            char low = pattern.charAt(i);
            if ('\\' == low && i + 1 < end)
            {
                low = pattern.charAt(++i);
            }
            if (i + 2 < end && '-' == pattern.charAt(i + 1))
            {
                char high = pattern.charAt(i + 2);
                if (low > high)
                {
                    final char swap = low;
                    low = high;
                    high = swap;
                }
                found |= c >= low && c <= high;
                i += 3;
            }
            else
            {
                found |= c == low;
                i++;
            }
        }
        return found != negate;
    }
}
