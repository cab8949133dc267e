/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.collections;

import io.memfabric.annotations.Shared;
import io.memfabric.collections.FabricArray;
import io.memfabric.collections.FabricIntArray;
import io.memfabric.collections.FabricLongArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Arrays as a program shares them: the fabric's array types in place of {@code long[]}, {@code String[]} and
 * {@code int[]}, and a large list and array for reads that must not fetch everything.
 */
@Shared
public class Grid
{
    static final int SIZE = 300;

    @Shared("fabric://collections/grid")
    static Grid grid = new Grid();

    FabricLongArray cells = new FabricLongArray(SIZE);
    FabricArray<String> names = new FabricArray<>(SIZE);
    FabricIntArray hits = new FabricIntArray(1);
    List<String> bigList = new ArrayList<>();
    FabricLongArray bigArray = new FabricLongArray(0);
}
