package apps.ordinary;

import io.memfabric.annotations.Shared;

import java.io.Serializable;

/** A card on a board, copyable the ordinary ways: {@code clone()} and Java serialization. */
@Shared
public class Card implements Cloneable, Serializable
{
    private static final long serialVersionUID = 1L;

    String title;
    long votes;
    Card next;

    public Card()
    {
    }

    public Card(final String title)
    {
        this.title = title;
    }

    @Override
    public Card clone()
    {
        try
        {
            return (Card)super.clone();
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
