package apps.ordinary;

import io.memfabric.annotations.Shared;

import java.util.ArrayList;
import java.util.List;

/** A shared class without a no-argument constructor: a local copy's unshared fields keep their defaults. */
@Shared
public class Memo
{
    String text;
    transient List<String> tags = new ArrayList<>();

    public Memo(final String text)
    {
        this.text = text;
    }
}
