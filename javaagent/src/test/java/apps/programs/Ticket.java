package apps.programs;

import io.memfabric.annotations.Shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.UUID;

/** An agent's task ticket as people write it: ids, times and exact amounts in JDK value classes. */
@Shared
public class Ticket
{
    UUID id;
    Instant created;
    Duration budget;
    LocalDate day;
    ZonedDateTime due;
    BigInteger tokens;
    BigDecimal cost;

    String describe()
    {
        return id + " " + created + " " + budget + " " + day + " " + due + " " + tokens + " " + cost;
    }
}
