package com.example.inventory;

import io.memfabric.annotations.Shared;

/**
 * Stock that agents on many JVMs reserve from.
 */
@Shared
public class Inventory
{
    private int stock;

    public synchronized void restock(final int items)
    {
        stock += items;
    }

    /**
     * @return whether an item was reserved: never more than were in stock.
     */
    public synchronized boolean reserve()
    {
        if (stock == 0)
        {
            return false;
        }
        stock--;
        return true;
    }

    public synchronized int stock()
    {
        return stock;
    }
}
