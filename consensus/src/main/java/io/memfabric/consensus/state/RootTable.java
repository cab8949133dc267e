/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.RootGetOrCreateDecoder;
import io.memfabric.consensus.protocol.SnapshotRootDecoder;
import io.memfabric.consensus.protocol.SnapshotRootEncoder;
import io.memfabric.consensus.protocol.SnapshotRootTableDecoder;
import io.memfabric.consensus.protocol.SnapshotRootTableEncoder;

import java.util.Map;
import java.util.TreeMap;

/**
 * Roots: objects named by a URI, got or atomically created (the first ROOT_GET_OR_CREATE creates an empty object,
 * every later one gets the same id).
 */
final class RootTable
{
    final TreeMap<String, Long> roots = new TreeMap<>();

    private final IdAllocator ids;
    private final ObjectStore store;
    private final ResponsePublisher publisher;
    private final SnapshotRootTableEncoder tableEncoder = new SnapshotRootTableEncoder();
    private final SnapshotRootEncoder rootEncoder = new SnapshotRootEncoder();

    RootTable(final IdAllocator ids, final ObjectStore store, final ResponsePublisher publisher)
    {
        this.ids = ids;
        this.store = store;
        this.publisher = publisher;
    }

    /**
     * ROOT_GET_OR_CREATE, answered ROOT.
     */
    void onGetOrCreate(
        final ClientRecord client, final long sessionId, final long requestId, final RootGetOrCreateDecoder request)
    {
        final String uri = request.uri();
        final Long existing = roots.get(uri);
        final boolean created = null == existing;
        final long objectId;
        if (created)
        {
            objectId = ids.next();
            roots.put(uri, objectId);
            store.create(objectId);
        }
        else
        {
            objectId = existing;
        }
        publisher.reply(client, sessionId, requestId, publisher.root(requestId, objectId, created));
    }

    void write(final SnapshotWriter w)
    {
        tableEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header).roots(roots.size());
        w.advance(tableEncoder);
        for (final Map.Entry<String, Long> root : roots.entrySet())
        {
            rootEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header).objectId(root.getValue()).uri(root.getKey());
            w.advance(rootEncoder);
        }
    }

    void read(final SnapshotReader r)
    {
        r.expect(SnapshotRootTableDecoder.TEMPLATE_ID);
        final SnapshotRootTableDecoder table = new SnapshotRootTableDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        final int count = table.roots();
        r.advance(table.limit());
        roots.clear();
        final SnapshotRootDecoder root = new SnapshotRootDecoder();
        for (int i = 0; i < count; i++)
        {
            r.expect(SnapshotRootDecoder.TEMPLATE_ID);
            root.wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
            final long objectId = root.objectId();
            roots.put(root.uri(), objectId);
            r.advance(root.limit());
        }
    }
}
