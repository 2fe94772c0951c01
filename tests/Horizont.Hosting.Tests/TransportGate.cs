using MassTransit;

namespace Horizont.Hosting.Tests;

/// <summary>
/// A filter in the bus's send pipe that plays the broker's part in confirming a send: at once, after a delay, never
/// for a given referral (a publish in flight on a channel that was lost), or never until the bus restarts (a channel
/// that stays broken until the connection is made again). A send that never completes also ignores cancellation, as a
/// lost confirm does.
/// </summary>
internal sealed class TransportGate : IFilter<SendContext>, IBusObserver
{
    private readonly HashSet<Guid> _neverConfirm = [];
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _mostInFlight;

    /// <summary>How long each send waits for its "confirm".</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every send hangs until the bus is restarted (cleared by the next <see cref="PostStart"/>).</summary>
    public bool BrokenUntilRestart { get; set; }

    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    /// <summary>Sends of this referral (its correlation id) never complete, until <see cref="OpenAll"/>.</summary>
    public void NeverConfirm(Guid referralId)
    {
        lock (_neverConfirm)
            _neverConfirm.Add(referralId);
    }

    /// <summary>From now on every send completes; the sends held so far complete too (a late confirm).</summary>
    public void OpenAll()
    {
        lock (_neverConfirm)
            _neverConfirm.Clear();
        BrokenUntilRestart = false;
        _released.TrySetResult();
    }

    public async Task Send(SendContext context, IPipe<SendContext> next)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            int most;
            while ((most = Volatile.Read(ref _mostInFlight)) < inFlight && Interlocked.CompareExchange(ref _mostInFlight, inFlight, most) != most)
            {
            }

            bool hang;
            lock (_neverConfirm)
                hang = BrokenUntilRestart || (context is SendContext<Horizont.Messages.IReferralMessage> about && _neverConfirm.Contains(about.Message.ReferralId));
            if (hang)
                await _released.Task; // no cancellation: a confirm that never comes does not care
            if (Delay > TimeSpan.Zero)
                await Task.Delay(Delay, context.CancellationToken);
            await next.Send(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("transportGate");

    public Task PostStart(IBus bus, Task<BusReady> busReady)
    {
        BrokenUntilRestart = false;
        return Task.CompletedTask;
    }

    public void PostCreate(IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PreStart(IBus bus) => Task.CompletedTask;

    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public Task PreStop(IBus bus) => Task.CompletedTask;

    public Task PostStop(IBus bus) => Task.CompletedTask;

    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
