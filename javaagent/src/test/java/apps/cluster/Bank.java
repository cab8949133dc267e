package apps.cluster;

import io.memfabric.annotations.Shared;

/** Accounts in a linked list; every transfer runs under the bank's monitor. */
@Shared
public class Bank
{
    public static final int ACCOUNTS = 5;
    public static final long OPENING_BALANCE = 1_000;

    Account first;
    long transfers;

    public Bank()
    {
        for (int i = ACCOUNTS - 1; i >= 0; i--)
        {
            final Account account = new Account();
            account.balance = OPENING_BALANCE;
            account.next = first;
            first = account;
        }
    }

    Account account(final int index)
    {
        Account account = first;
        for (int i = 0; i < index; i++)
        {
            account = account.next;
        }
        return account;
    }

    public synchronized void transfer(final int from, final int to, final long amount)
    {
        final Account source = account(from);
        final Account target = account(to);
        source.balance -= amount;
        target.balance += amount;
        transfers++;
    }

    public synchronized long total()
    {
        long total = 0;
        for (Account account = first; account != null; account = account.next)
        {
            total += account.balance;
        }
        return total;
    }

    public synchronized long transfers()
    {
        return transfers;
    }
}
