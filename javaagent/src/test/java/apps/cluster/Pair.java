package apps.cluster;

import io.memfabric.annotations.Shared;

/** A writer sets {@code value} then {@code seq}; a reader that sees a {@code seq} must see a value at least as new. */
@Shared
public class Pair
{
    volatile long value;
    volatile long seq;
}
