package apps.cluster;

import io.memfabric.annotations.Shared;

/** One account of a {@link Bank}. */
@Shared
public class Account
{
    long balance;
    Account next;
}
