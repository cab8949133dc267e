/*
 * MemFabric consensus wire format.
 */
package io.memfabric.consensus.codec;

/**
 * Template ids of the consensus messages: requests from clients (1..99), responses echoing a request id (101..199)
 * and pushes from the service (201..).
 */
public final class TemplateId
{
    public static final int CONNECT = 1;
    public static final int KEEPALIVE = 2;
    public static final int LOCK_ACQUIRE = 3;
    public static final int LOCK_RELEASE = 4;
    public static final int OBJECT_READ = 5;
    public static final int OBJECT_READ_ALL = 6;
    public static final int WRITE_BATCH = 7;
    public static final int CAS = 8;
    public static final int ALLOCATE_IDS = 9;
    public static final int INVALIDATE_ACK = 10;
    public static final int ROOT_GET_OR_CREATE = 11;
    public static final int NODE_REGISTER = 12;

    /**
     * Releases the client's lease at once, with everything it holds (a client closing cleanly).
     */
    public static final int DISCONNECT = 13;

    /**
     * Reads the objects reachable from some start objects, up to a byte budget, with read leases.
     */
    public static final int READ_GRAPH = 14;

    /**
     * The holder of a lock waits on its condition.
     */
    public static final int LOCK_WAIT = 15;

    /**
     * Moves waiters of a lock's condition to its queue.
     */
    public static final int LOCK_NOTIFY = 16;

    public static final int CONNECTED = 101;
    public static final int KEEPALIVE_ACK = 102;
    public static final int LOCK_GRANTED = 103;
    public static final int LOCK_TIMEOUT = 104;
    public static final int LOCK_RELEASED = 105;
    public static final int VALUE = 106;
    public static final int OBJECT_VALUES = 107;
    public static final int WRITE_ACK = 108;
    public static final int CAS_RESULT = 109;
    public static final int ID_RANGE = 110;
    public static final int ROOT = 111;
    public static final int NODE_REGISTERED = 112;
    public static final int ERROR = 113;

    /**
     * Answers DISCONNECT.
     */
    public static final int DISCONNECTED = 114;

    /**
     * Answers READ_GRAPH.
     */
    public static final int OBJECT_GRAPH = 115;

    /**
     * Answers LOCK_NOTIFY.
     */
    public static final int LOCK_NOTIFIED = 116;

    public static final int INVALIDATE = 201;
    public static final int MEMBERSHIP = 202;

    private TemplateId()
    {
    }
}
