package com.example.inventory;

import io.memfabric.jcstress.FabricNodes;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two agents on different fabric nodes reserve the last item at once: exactly one gets it.
 */
@JCStressTest
@Outcome(id = {"true, false, 0", "false, true, 0"}, expect = ACCEPTABLE, desc = "one agent got the last item")
@Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "the last item was sold twice")
@Outcome(expect = FORBIDDEN, desc = "the item was lost, or the stock is wrong")
@State
public class LastItemStress
{
    // inventory[i] is node i's copy of one new shared Inventory.
    final Inventory[] inventory = FabricNodes.cluster().share(() ->
    {
        final Inventory fresh = new Inventory();
        fresh.restock(1);
        return fresh;
    });

    @Actor
    public void agentOnNode0(final ZZI_Result r)
    {
        r.r1 = inventory[0].reserve();
    }

    @Actor
    public void agentOnNode1(final ZZI_Result r)
    {
        r.r2 = inventory[1].reserve();
    }

    @Arbiter
    public void check(final ZZI_Result r)
    {
        r.r3 = inventory[2].stock();
    }
}
