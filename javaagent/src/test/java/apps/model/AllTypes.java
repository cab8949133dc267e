package apps.model;

import io.memfabric.annotations.Shared;

/** One shared field of every supported type. */
@Shared
public class AllTypes
{
    public boolean z;
    public byte b;
    public char c;
    public short s;
    public int i;
    public long j;
    public float f;
    public double d;
    public Boolean boxedZ;
    public Byte boxedB;
    public Character boxedC;
    public Short boxedS;
    public Integer boxedI;
    public Long boxedJ;
    public Float boxedF;
    public Double boxedD;
    public String text;
    public Color color;
    public AllTypes child;
}
