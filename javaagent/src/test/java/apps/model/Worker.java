package apps.model;

import io.memfabric.annotations.Shared;

/** Not shareable: a Thread belongs to one JVM. */
@Shared
public class Worker
{
    public long done;
    public Thread thread;
}
