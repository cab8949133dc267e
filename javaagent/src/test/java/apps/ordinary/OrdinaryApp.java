package apps.ordinary;

import io.memfabric.Fabric;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Ordinary programs, written as for one JVM, that {@code OrdinaryProgramsIT} runs under the agent, embedded or on a
 * cluster. One mode per run; every check prints a line, a failed one {@code FAILED ...}, and the run ends with
 * {@code failures=N} and exit code 1 if any failed.
 * <ul>
 *   <li>{@code copies}: clone, serialization and a reflective copy of a shared card, all in one JVM.</li>
 *   <li>{@code clone-writer} / {@code clone-reader}: one JVM shares a card, clones it, edits and stores the copy;
 *   another reads both, clones the original and edits its own copy.</li>
 *   <li>{@code tally <n> <go-file>}: once {@code go-file} exists, n increments through a {@code static synchronized}
 *   method and n through a {@code synchronized (Tally.class)} block; {@code tally-audit} prints the count.</li>
 *   <li>{@code class-wait <parties>}: waits on {@code Tally.class} until {@code parties} JVMs arrived.</li>
 *   <li>{@code notebook-writer} / {@code notebook-reader}: shares a notebook whose scratch list is transient; the
 *   other JVM uses its own scratch list.</li>
 * </ul>
 */
public final class OrdinaryApp
{
    private static int failures;

    private OrdinaryApp()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            run(args);
        }
        catch (final Throwable ex)
        {
            ex.printStackTrace();
            failures++;
        }
        System.out.println("failures=" + failures);
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void run(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "copies" -> copies();
            case "clone-writer" -> cloneWriter();
            case "clone-reader" -> cloneReader();
            case "tally" -> tally(Integer.parseInt(args[1]), Path.of(args[2]));
            case "tally-audit" -> System.out.println("count " + Tally.count());
            case "class-wait" -> classWait(Integer.parseInt(args[1]));
            case "notebook-writer" -> notebookWriter();
            case "notebook-reader" -> notebookReader();
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static Deck deck()
    {
        return Fabric.current().root("fabric://ordinary/deck", Deck.class, Deck::new);
    }

    private static void copies() throws Exception
    {
        final Fabric fabric = Fabric.current();
        final Deck deck = deck();
        final Card original = new Card("original");
        original.votes = 3;
        deck.original = original;
        check("the stored original is shared", fabric.isShared(original));

        final Card copy = original.clone();
        check("a clone is not shared before it is stored", !fabric.isShared(copy));
        copy.title = "copy";
        copy.votes = 7;
        checkOriginal(original, "original", 3);
        deck.copy = copy;
        check("the stored clone is shared", fabric.isShared(copy));
        check("the stored clone is the clone", deck.copy == copy && deck.original == original);
        copy.title = "copy, edited";
        checkOriginal(original, "original", 3);
        check("the stored clone keeps its own values", "copy, edited".equals(copy.title) && copy.votes == 7);

        final Card deserialized = deserialize(serialize(original));
        check("a deserialized copy is not shared", !fabric.isShared(deserialized));
        check("a deserialized copy has the values", "original".equals(deserialized.title) &&
            deserialized.votes == 3);
        deserialized.title = "deserialized";
        checkOriginal(original, "original", 3);

        final Card reflected = copyEveryField(original);
        check("a copy made by reflection is not shared", !fabric.isShared(reflected));
        reflected.title = "reflected";
        reflected.votes = 11;
        checkOriginal(original, "original", 3);
        synchronized (reflected)
        {
            reflected.votes++;
        }
        original.next = reflected;
        check("a stored reflective copy is shared on its own", fabric.isShared(reflected) &&
            original.next == reflected && reflected.votes == 12 && "reflected".equals(reflected.title));
        checkOriginal(original, "original", 3);
    }

    private static void cloneWriter()
    {
        final Fabric fabric = Fabric.current();
        final Deck deck = deck();
        final Card original = new Card("original");
        original.votes = 3;
        deck.original = original;
        // On a cluster a write goes through the cluster and the local fields catch up at the next read: a clone
        // right after it must still copy the value just written.
        original.title = "original, edited";
        final Card copy = original.clone();
        check("a clone is not shared before it is stored", !fabric.isShared(copy));
        check("a clone copies the latest values", "original, edited".equals(copy.title) && copy.votes == 3,
            copy.title + " " + copy.votes);
        copy.title = "copy";
        copy.votes = 7;
        checkOriginal(original, "original, edited", 3);
        deck.copy = copy;
        check("the stored clone is shared", fabric.isShared(copy));
        check("the stored clone is a new shared object", deck.copy == copy && deck.original == original &&
            deck.copy != deck.original);
        check("the stored clone keeps its values", "copy".equals(copy.title) && copy.votes == 7,
            copy.title + " " + copy.votes);
        checkOriginal(original, "original, edited", 3);
        System.out.println("WRITER DONE");
    }

    private static void cloneReader()
    {
        final Fabric fabric = Fabric.current();
        final Deck deck = deck();
        final Card original = deck.original;
        final Card copy = deck.copy;
        check("another JVM sees two cards", original != null && copy != null && original != copy);
        checkOriginal(original, "original, edited", 3);
        check("another JVM sees the copy's values", "copy".equals(copy.title) && copy.votes == 7,
            copy.title + " " + copy.votes);
        final Card mine = original.clone();
        check("a clone in another JVM is not shared", !fabric.isShared(mine));
        mine.title = "the reader's copy";
        mine.votes = 99;
        checkOriginal(deck.original, "original, edited", 3);
        check("the stored copy is unchanged", "copy".equals(deck.copy.title) && deck.copy.votes == 7);
    }

    private static void tally(final int increments, final Path go) throws Exception
    {
        System.out.println("count at start " + Tally.count());
        System.out.println("READY");
        while (!Files.exists(go))
        {
            Thread.sleep(10);
        }
        for (int i = 0; i < increments; i++)
        {
            Tally.increment();
            Tally.incrementInBlock();
        }
        System.out.println("tally done " + 2 * increments);
    }

    private static void classWait(final int parties) throws Exception
    {
        Tally.arriveAndAwait(parties);
        System.out.println("ALL ARRIVED");
    }

    private static Shelf shelf()
    {
        return Fabric.current().root("fabric://ordinary/shelf", Shelf.class, Shelf::new);
    }

    private static void notebookWriter()
    {
        final Shelf shelf = shelf();
        final Notebook notebook = new Notebook("alice", 5);
        notebook.jot("written before sharing");
        shelf.notebook = notebook;
        shelf.memo = new Memo("hello");
        check("the writer's notebook keeps its scratch list", notebook.jot("written after sharing") == 2);
        System.out.println("WROTE");
    }

    private static void notebookReader()
    {
        final Shelf shelf = shelf();
        final Notebook notebook = shelf.notebook;
        check("the shared fields come from the fabric", "alice".equals(notebook.owner) && notebook.pages == 5,
            notebook.owner + " " + notebook.pages);
        check("the scratch list was initialized by the no-argument constructor", notebook.scratch != null &&
            notebook.scratch.isEmpty() && notebook.localEdits == 0, notebook.scratch + " " + notebook.localEdits);
        check("the reader jots into its own scratch list", notebook.jot("read elsewhere") == 1);
        check("a class without a no-argument constructor keeps defaults in unshared fields",
            "hello".equals(shelf.memo.text) && shelf.memo.tags == null, shelf.memo.text + " " + shelf.memo.tags);
    }

    private static void checkOriginal(final Card original, final String title, final long votes)
    {
        check("the original reads " + title + "/" + votes, Objects.equals(title, original.title) &&
            original.votes == votes, original.title + " " + original.votes);
    }

    private static void check(final String what, final boolean ok)
    {
        check(what, ok, "");
    }

    private static void check(final String what, final boolean ok, final String detail)
    {
        if (ok)
        {
            System.out.println("ok " + what);
        }
        else
        {
            failures++;
            System.out.println("FAILED " + what + (detail.isEmpty() ? "" : ": " + detail));
        }
    }

    private static byte[] serialize(final Object object) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    private static Card deserialize(final byte[] bytes) throws Exception
    {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)))
        {
            return (Card)in.readObject();
        }
    }

    // What a deep-copy utility does: a new instance, then every instance field of every class copied as it is,
    // the agent's hidden header included.
    private static Card copyEveryField(final Card source) throws Exception
    {
        final Card target = new Card();
        for (Class<?> type = Card.class; type != Object.class; type = type.getSuperclass())
        {
            for (final Field field : type.getDeclaredFields())
            {
                if (!Modifier.isStatic(field.getModifiers()))
                {
                    field.setAccessible(true);
                    field.set(target, field.get(source));
                }
            }
        }
        return target;
    }
}
