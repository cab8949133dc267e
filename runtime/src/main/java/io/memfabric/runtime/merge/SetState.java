/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.runtime.merge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set that merges, add-wins (an observed-remove set): every add is tagged uniquely (the JVM's node id and a
 * counter); a remove removes the tags of the element that this JVM has seen, so an add concurrent with a remove (one
 * the remover had not seen) survives it. Removed tags are kept, so an add that arrives after its removal stays
 * removed.
 */
public final class SetState extends MergeState
{
    private static final byte ADD = 0;
    private static final byte REMOVE = 1;

    private final Map<String, Set<Long>> tags = new TreeMap<>();
    private final Map<Long, String> removed = new HashMap<>();
    private long sequence;

    SetState(final int node, final Outbox outbox)
    {
        super(node, outbox);
    }

    public byte kind()
    {
        return SET;
    }

    /**
     * @param element an element's text ({@link Values#encode}).
     * @return whether the set did not hold it.
     */
    public boolean add(final String element)
    {
        final boolean added;
        synchronized (this)
        {
            added = !tags.containsKey(element);
            final long tag = ((long)node() << 32) | ++sequence;
            tags.computeIfAbsent(element, e -> new HashSet<>()).add(tag);
            queue(operation(ADD, element, List.of(tag)));
        }
        changed();
        return added;
    }

    /**
     * @param element an element's text.
     * @return whether the set held it.
     */
    public boolean remove(final String element)
    {
        synchronized (this)
        {
            final Set<Long> seen = tags.remove(element);
            if (seen == null)
            {
                return false;
            }
            for (final long tag : seen)
            {
                removed.put(tag, element);
            }
            queue(operation(REMOVE, element, new ArrayList<>(seen)));
        }
        changed();
        return true;
    }

    /**
     * @param element an element's text.
     * @return whether the set holds it.
     */
    public synchronized boolean contains(final String element)
    {
        return tags.containsKey(element);
    }

    /**
     * @return the texts of the elements, sorted.
     */
    public synchronized List<String> elements()
    {
        return new ArrayList<>(tags.keySet());
    }

    /**
     * @return how many elements the set holds.
     */
    public synchronized int size()
    {
        return tags.size();
    }

    protected void applyOperation(final ByteBuffer operation)
    {
        final byte kind = operation.get();
        final byte[] text = new byte[operation.getInt()];
        operation.get(text);
        final String element = new String(text, StandardCharsets.UTF_8);
        final int count = operation.getInt();
        for (int i = 0; i < count; i++)
        {
            final long tag = operation.getLong();
            if (kind == ADD)
            {
                if (!removed.containsKey(tag))
                {
                    tags.computeIfAbsent(element, e -> new HashSet<>()).add(tag);
                }
            }
            else
            {
                removed.put(tag, element);
                final Set<Long> live = tags.get(element);
                if (live != null && live.remove(tag) && live.isEmpty())
                {
                    tags.remove(element);
                }
            }
        }
    }

    protected void collectWhole(final List<byte[]> out)
    {
        for (final Map.Entry<String, Set<Long>> element : tags.entrySet())
        {
            out.add(operation(ADD, element.getKey(), new ArrayList<>(element.getValue())));
        }
        final Map<String, List<Long>> byElement = new HashMap<>();
        for (final Map.Entry<Long, String> tag : removed.entrySet())
        {
            byElement.computeIfAbsent(tag.getValue(), e -> new ArrayList<>()).add(tag.getKey());
        }
        for (final Map.Entry<String, List<Long>> element : byElement.entrySet())
        {
            out.add(operation(REMOVE, element.getKey(), element.getValue()));
        }
    }

    protected void absorbLocal(final MergeState local)
    {
        for (final String element : ((SetState)local).tags.keySet())
        {
            final long tag = ((long)node() << 32) | ++sequence;
            tags.computeIfAbsent(element, e -> new HashSet<>()).add(tag);
            queue(operation(ADD, element, List.of(tag)));
        }
    }

    private static byte[] operation(final byte kind, final String element, final List<Long> tags)
    {
        final byte[] text = element.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer out = ByteBuffer.allocate(1 + 4 + text.length + 4 + 8 * tags.size());
        out.put(kind).putInt(text.length).put(text).putInt(tags.size());
        for (final long tag : tags)
        {
            out.putLong(tag);
        }
        return out.array();
    }
}
