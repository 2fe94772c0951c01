namespace Horizont.Hosting.Tests;

/// <summary>
/// One step of the code under test (a query, a commit), held where it starts until the test releases it: what else
/// happens meanwhile shows what waits for that step and what does not.
/// </summary>
internal sealed class HeldStep
{
    /// <summary>Set when the step has reached the hold.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Released.TrySetResult();

    /// <summary>Called by the step: reports that it started and waits for the release.</summary>
    public async Task WaitAsync()
    {
        Started.TrySetResult();
        await Released.Task;
    }
}
