package apps.model;

public enum Color
{
    RED, GREEN, BLUE
}
