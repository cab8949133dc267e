/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.samples.demo;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * What an agent can be asked to do with a snippet of text. The work is small and deterministic so that the demo's
 * summary can recompute every result and check the one the swarm stored on the fabric.
 * <p>
 * An enum is an immutable value, so a shared field may hold one.
 */
public enum Skill
{
    /**
     * Shorten the text to its first words; the result is the number of words.
     */
    SUMMARIZE,

    /**
     * Rate how urgent the text sounds; the result is the score.
     */
    TRIAGE,

    /**
     * Fingerprint the text; the result is its CRC-32.
     */
    CHECKSUM;

    private static final int SUMMARY_WORDS = 4;
    private static final String[] URGENT_WORDS = { "fail", "error", "timeout", "crash", "down", "urgent", "lost" };
    private static final String[] CALM_WORDS = { "maybe", "later", "nice", "minor", "someday" };

    /**
     * Does the work. A pure function of the text, so anyone can check a result by running it again.
     *
     * @param text the snippet to work on.
     * @return the result and a one-line note about it.
     */
    public Outcome perform(final String text)
    {
        switch (this)
        {
            case SUMMARIZE:
            {
                final String[] words = text.trim().split("\\s+");
                final StringBuilder summary = new StringBuilder();
                for (int i = 0; i < Math.min(SUMMARY_WORDS, words.length); i++)
                {
                    summary.append(i == 0 ? "" : " ").append(words[i]);
                }
                if (words.length > SUMMARY_WORDS)
                {
                    summary.append(" ...");
                }
                return new Outcome(words.length, "summary \"" + summary + "\" (" + words.length + " words)");
            }

            case TRIAGE:
            {
                final String lower = text.toLowerCase(Locale.ROOT);
                long score = 0;
                for (final String word : URGENT_WORDS)
                {
                    score += lower.contains(word) ? 3 : 0;
                }
                for (final String word : CALM_WORDS)
                {
                    score -= lower.contains(word) ? 1 : 0;
                }
                return new Outcome(score, "urgency " + score + (score >= 3 ? " (act now)" : " (can wait)"));
            }

            case CHECKSUM:
            {
                final CRC32 crc = new CRC32();
                crc.update(text.getBytes(StandardCharsets.UTF_8));
                return new Outcome(crc.getValue(), String.format("crc32 %08x", crc.getValue()));
            }

            default:
                throw new IllegalStateException("no work defined for " + this);
        }
    }

    /**
     * The result of a piece of work: a number the checks can add up and a note for people.
     *
     * @param result the number the work produced.
     * @param note   what the work found, in a few words.
     */
    public record Outcome(long result, String note)
    {
    }
}
