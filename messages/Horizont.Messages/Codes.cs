namespace Horizont.Messages;

// Wire values of the codes in domain.md. An unknown value is a validation error that names
// the field and lists these values. German labels belong to the staff pages, not to the wire.

/// <summary>Where an order comes from.</summary>
public static class LegalBasisCodes
{
    public const string Jgg10 = "JGG_10";
    public const string Jgg15 = "JGG_15";
    public const string Jgg45 = "JGG_45";
    public const string Jgg47 = "JGG_47";
    public const string Owig98 = "OWIG_98";
    public static IReadOnlyList<string> All { get; } = [Jgg10, Jgg15, Jgg45, Jgg47, Owig98];
}

public static class DeclineReasonCodes
{
    public const string NoCapacity = "NO_CAPACITY";
    public const string NotResponsible = "NOT_RESPONSIBLE";
    public const string ConflictOfInterest = "CONFLICT_OF_INTEREST";
    public const string Other = "OTHER";
    public static IReadOnlyList<string> All { get; } = [NoCapacity, NotResponsible, ConflictOfInterest, Other];
}

public static class WorkConstraintCodes
{
    public const string SchoolHours = "SCHOOL_HOURS";
    public const string WorkHours = "WORK_HOURS";
    public const string NoHeavyLifting = "NO_HEAVY_LIFTING";
    public const string NoAnimals = "NO_ANIMALS";
    public const string Accessibility = "ACCESSIBILITY";
    public const string Other = "OTHER";
    public static IReadOnlyList<string> All { get; } = [SchoolHours, WorkHours, NoHeavyLifting, NoAnimals, Accessibility, Other];
}

public static class PlacementCategoryCodes
{
    public const string Social = "SOCIAL";
    public const string Environment = "ENVIRONMENT";
    public const string Sport = "SPORT";
    public const string Culture = "CULTURE";
    public const string Other = "OTHER";
    public static IReadOnlyList<string> All { get; } = [Social, Environment, Sport, Culture, Other];
}

public static class NonComplianceReasonCodes
{
    public const string NoShow = "NO_SHOW";
    public const string UnexcusedAbsences = "UNEXCUSED_ABSENCES";
    public const string DroppedOut = "DROPPED_OUT";
    public const string Unreachable = "UNREACHABLE";
    public static IReadOnlyList<string> All { get; } = [NoShow, UnexcusedAbsences, DroppedOut, Unreachable];
}

public static class ExtensionReasonCodes
{
    public const string Illness = "ILLNESS";
    public const string SchoolOrWork = "SCHOOL_OR_WORK";
    public const string PlacementUnavailable = "PLACEMENT_UNAVAILABLE";
    public const string Other = "OTHER";
    public static IReadOnlyList<string> All { get; } = [Illness, SchoolOrWork, PlacementUnavailable, Other];
}

public static class WithdrawalReasonCodes
{
    public const string ReleasedByCourt = "RELEASED_BY_COURT";
    public const string MovedAway = "MOVED_AWAY";
    public const string ProceedingsDropped = "PROCEEDINGS_DROPPED";
    public const string Other = "OTHER";
    public static IReadOnlyList<string> All { get; } = [ReleasedByCourt, MovedAway, ProceedingsDropped, Other];
}

public static class IntakeOutcomeCodes
{
    public const string Scheduled = "SCHEDULED";
    public const string Held = "HELD";
    public const string Missed = "MISSED";
    public static IReadOnlyList<string> All { get; } = [Scheduled, Held, Missed];
}

/// <summary>Overlay flags on a case in progress.</summary>
public static class CaseFlagCodes
{
    public const string AtRisk = "AT_RISK";
    public const string Overdue = "OVERDUE";
    public static IReadOnlyList<string> All { get; } = [AtRisk, Overdue];
}

/// <summary>How a provider handled a <see cref="WithdrawReferral"/>.</summary>
public static class WithdrawalOutcomeCodes
{
    /// <summary>The case was stopped.</summary>
    public const string Withdrawn = "WITHDRAWN";
    /// <summary>The case had been completed before the withdrawal arrived; it stays completed.</summary>
    public const string AlreadyCompleted = "ALREADY_COMPLETED";
    /// <summary>The case had already ended otherwise (declined or withdrawn before); nothing changed.</summary>
    public const string AlreadyEnded = "ALREADY_ENDED";
    public static IReadOnlyList<string> All { get; } = [Withdrawn, AlreadyCompleted, AlreadyEnded];
}

/// <summary>How a provider handled an <see cref="EraseReferral"/>.</summary>
public static class ErasureOutcomeCodes
{
    /// <summary>The case's personal data was erased now.</summary>
    public const string Erased = "ERASED";
    /// <summary>It had been erased before (its retention ended, or an earlier request); nothing changed.</summary>
    public const string AlreadyErased = "ALREADY_ERASED";
    /// <summary>The case still runs at the provider; nothing was erased.</summary>
    public const string NotEnded = "NOT_ENDED";
    public static IReadOnlyList<string> All { get; } = [Erased, AlreadyErased, NotEnded];
}
