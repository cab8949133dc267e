package apps.cluster;

import io.memfabric.annotations.Shared;

/**
 * Two plain fields written together under the ledger's monitor: a JVM that owns the ledger keeps the writes until it
 * flushes them, both in one batch.
 */
@Shared
public class Ledger
{
    long value;
    long seq;
}
