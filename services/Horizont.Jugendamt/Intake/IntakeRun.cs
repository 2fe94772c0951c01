namespace Horizont.Jugendamt.Intake;

/// <summary>What one pass over the inbox did (for logs and tests).</summary>
/// <param name="FilesProcessed">Files moved to <c>processed/</c> (possibly with some rows rejected).</param>
/// <param name="FilesRejected">Files moved whole to <c>rejected/</c>.</param>
/// <param name="FilesFailed">Files left in the inbox because reading, recording or moving failed; tried again next pass.</param>
/// <param name="HandedOver">Referrals recorded and queued for a provider.</param>
/// <param name="AlreadyHandedOver">Referrals that were handed over before with the same content (nothing sent).</param>
/// <param name="RowsRejected">CSV rows written to a <c>.rejected-rows.csv</c> file.</param>
/// <param name="ChangesSent">Amendments and withdrawals recorded and queued for a provider.</param>
/// <param name="ChangesSentBefore">Amendments and withdrawals that had been sent before (same derived id; nothing sent).</param>
internal sealed record IntakeRun(
    int FilesProcessed, int FilesRejected, int FilesFailed, int HandedOver, int AlreadyHandedOver, int RowsRejected, int ChangesSent = 0, int ChangesSentBefore = 0);
