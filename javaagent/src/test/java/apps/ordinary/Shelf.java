package apps.ordinary;

import io.memfabric.annotations.Shared;

/** The root the notebook programs share. */
@Shared
public class Shelf
{
    Notebook notebook;
    Memo memo;
}
