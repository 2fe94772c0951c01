namespace Horizont.Hosting.Data;

/// <summary>
/// Point reads that concurrent units of work ask for at the same time, answered by one query for all of them. An
/// endpoint consumes several messages at once, and each asks the store the same kind of question (is this message in
/// the inbox, which agency is on the other side of this referral); asked one by one, each question is a round trip of
/// its own. Here a question goes to the store at once when no group is being read; one asked while a group is being
/// read waits for that group's answer and then goes with every other question asked in the meantime, as the next group.
/// <list type="bullet">
/// <item>No question waits for a timer: on a quiet endpoint every read is a query of one, as before.</item>
/// <item>Every answer was read after its question was asked: a question never joins a group already on its way, so a
/// retried attempt sees what the failed attempt's competitors committed.</item>
/// <item>A group that fails fails its own questions only, each with the store's exception; the next question starts a
/// new group.</item>
/// </list>
/// The answer is read outside the asker's unit of work, as a read before its first write would be anyway: a unique key
/// in the store, not this read, is what keeps two units of work from writing the same thing.
/// </summary>
/// <typeparam name="TKey">What a question asks about.</typeparam>
/// <typeparam name="TValue">The answer; a key the store does not know is answered with <c>default</c>.</typeparam>
public sealed class CoalescedReads<TKey, TValue>
    where TKey : notnull
{
    private readonly Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> _read;
    private readonly int _maxGroup;
    private readonly Lock _gate = new();
    private List<Question> _asked = [];
    private bool _reading;

    /// <param name="read">Reads the answers for a group of distinct keys in one query; keys it does not return are answered with <c>default</c>.</param>
    /// <param name="maxGroup">The most keys one query asks for; more questions wait for the next query.</param>
    public CoalescedReads(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read, int maxGroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        _read = read;
        _maxGroup = maxGroup;
    }

    /// <summary>Questions asked and not yet on their way to the store: they wait for the group being read.</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
                return _asked.Count;
        }
    }

    /// <summary>Asks for one key's answer. Cancelling stops only this wait: the group it joined is still read for the others.</summary>
    public Task<TValue?> ReadAsync(TKey key, CancellationToken cancellationToken)
    {
        var question = new Question(key);
        bool lead;
        lock (_gate)
        {
            _asked.Add(question);
            lead = !_reading;
            _reading = true;
        }

        // The first question while nothing is read starts the reading, off the asker's flow: the reader goes on with
        // the next group while the asker goes on with its message.
        if (lead)
            _ = Task.Run(ReadGroupsAsync, CancellationToken.None);
        return question.Answer.Task.WaitAsync(cancellationToken);
    }

    private async Task ReadGroupsAsync()
    {
        while (true)
        {
            List<Question> group;
            lock (_gate)
            {
                if (_asked.Count == 0)
                {
                    _reading = false;
                    return;
                }

                if (_asked.Count <= _maxGroup)
                {
                    group = _asked;
                    _asked = [];
                }
                else
                {
                    group = _asked[.._maxGroup];
                    _asked.RemoveRange(0, _maxGroup);
                }
            }

            try
            {
                // Not the askers' tokens: one asker giving up must not fail the others' answers.
                var answers = await _read(group.Select(q => q.Key).Distinct().ToList(), CancellationToken.None);
                foreach (var question in group)
                    question.Answer.TrySetResult(answers.TryGetValue(question.Key, out var answer) ? answer : default);
            }
            catch (Exception ex)
            {
                foreach (var question in group)
                    question.Answer.TrySetException(ex);
            }
        }
    }

    private sealed class Question(TKey key)
    {
        public TKey Key { get; } = key;

        // Asynchronous continuations: answering a group must not run its askers' messages on the reader's flow.
        public TaskCompletionSource<TValue?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
