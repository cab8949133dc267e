package apps;

import apps.model.Worker;

/** Uses a shared class with a Thread field: must stop before any code runs on it. */
public final class BadThreadField
{
    public static void main(final String[] args)
    {
        System.out.println("before the bad class");
        final Worker worker = new Worker();
        worker.done = 1;
        System.out.println("MUST NOT PRINT: the bad class was used " + worker.done);
    }
}
