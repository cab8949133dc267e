package apps;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Uses Agrona and Chronicle Queue with no JVM flag but -javaagent: the agent must have granted what they need and
 * switched Chronicle's analytics off.
 */
public final class ModuleGrants
{
    public static void main(final String[] args) throws Exception
    {
        final Module app = ModuleGrants.class.getModule();
        System.out.println("exports jdk.internal.misc=" + Object.class.getModule().isExported("jdk.internal.misc", app));
        System.out.println("opens java.lang=" + Object.class.getModule().isOpen("java.lang", app));
        System.out.println("chronicle.analytics.disable=" + System.getProperty("chronicle.analytics.disable"));

        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        buffer.putLongVolatile(8, 42L);
        System.out.println("agrona read=" + buffer.getLongVolatile(8));

        final Path dir = Files.createTempDirectory(Path.of(args[0]), "queue");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).build())
        {
            try (ExcerptAppender appender = queue.createAppender())
            {
                appender.writeText("journal entry");
            }
            final ExcerptTailer tailer = queue.createTailer();
            System.out.println("chronicle read=" + tailer.readText());
        }
    }
}
