package apps.ordinary;

import io.memfabric.annotations.Shared;

import java.util.ArrayList;
import java.util.List;

/** Shared notes with a JVM-local scratch list, initialized where it is declared. */
@Shared
public class Notebook
{
    String owner = "nobody";
    long pages;
    transient List<String> scratch = new ArrayList<>();
    transient int localEdits = -1;

    Notebook()
    {
        localEdits = 0;
    }

    public Notebook(final String owner, final long pages)
    {
        this.owner = owner;
        this.pages = pages;
    }

    int jot(final String line)
    {
        scratch.add(line);
        localEdits++;
        return scratch.size();
    }
}
