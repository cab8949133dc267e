package apps.ordinary;

import io.memfabric.annotations.Shared;

/** The root the copy programs share: an original card and, once stored, a copy of it. */
@Shared
public class Deck
{
    Card original;
    Card copy;
}
