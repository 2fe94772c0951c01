namespace Horizont.Provider.Data;

/// <summary>One row of the state machine: <see cref="Step"/> may be taken in <see cref="From"/> and leads to <see cref="To"/>.</summary>
public sealed record Transition(CaseStep Step, CaseState From, CaseState To);
