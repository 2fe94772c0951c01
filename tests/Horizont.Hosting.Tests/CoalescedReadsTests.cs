using System.Threading.Channels;
using Horizont.Hosting.Data;

namespace Horizont.Hosting.Tests;

/// <summary>
/// Questions asked while a group is being read go together as the next group; none waits for a timer, none joins a
/// group already on its way, and a failed group fails only its own questions.
/// </summary>
public sealed class CoalescedReadsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Store _store = new();

    [Fact]
    public async Task A_question_on_a_quiet_store_is_read_at_once_by_itself()
    {
        var reads = new CoalescedReads<int, string>(_store.ReadAsync, maxGroup: 100);

        var answer = reads.ReadAsync(1, CancellationToken.None);
        var query = await _store.NextQueryAsync();
        Assert.Equal([1], query.Keys);
        query.Answer(new() { [1] = "eins" });

        Assert.Equal("eins", await answer.WaitAsync(Patience));
    }

    [Fact]
    public async Task Questions_asked_while_a_group_is_read_go_together_as_the_next_group()
    {
        var reads = new CoalescedReads<int, string>(_store.ReadAsync, maxGroup: 100);
        var first = reads.ReadAsync(1, CancellationToken.None);
        var firstQuery = await _store.NextQueryAsync();

        var two = reads.ReadAsync(2, CancellationToken.None);
        var three = reads.ReadAsync(3, CancellationToken.None);
        var twoAgain = reads.ReadAsync(2, CancellationToken.None);
        Assert.False(_store.HasQuery, "A second query started while the first was still being read.");
        firstQuery.Answer(new() { [1] = "eins" });

        var secondQuery = await _store.NextQueryAsync();
        Assert.Equal([2, 3], secondQuery.Keys);
        secondQuery.Answer(new() { [2] = "zwei" });
        Assert.Equal("eins", await first.WaitAsync(Patience));
        Assert.Equal("zwei", await two.WaitAsync(Patience));
        Assert.Null(await three.WaitAsync(Patience));
        Assert.Equal("zwei", await twoAgain.WaitAsync(Patience));
        Assert.False(_store.HasQuery);
    }

    [Fact]
    public async Task A_question_never_gets_an_answer_read_before_it_was_asked()
    {
        var reads = new CoalescedReads<int, string>(_store.ReadAsync, maxGroup: 100);
        var before = reads.ReadAsync(1, CancellationToken.None);
        var onItsWay = await _store.NextQueryAsync();

        var after = reads.ReadAsync(1, CancellationToken.None);
        onItsWay.Answer(new() { [1] = "vorher" });
        Assert.Equal("vorher", await before.WaitAsync(Patience));
        Assert.False(after.IsCompleted);

        var next = await _store.NextQueryAsync();
        Assert.Equal([1], next.Keys);
        next.Answer(new() { [1] = "nachher" });
        Assert.Equal("nachher", await after.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_failed_group_fails_its_own_questions_only_and_the_next_question_is_read_anew()
    {
        var reads = new CoalescedReads<int, string>(_store.ReadAsync, maxGroup: 100);
        var failing = reads.ReadAsync(1, CancellationToken.None);
        var failingQuery = await _store.NextQueryAsync();
        var waiting = reads.ReadAsync(2, CancellationToken.None);

        failingQuery.Fail(new InvalidOperationException("Die Datenbank antwortet nicht."));
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Patience));
        Assert.Equal("Die Datenbank antwortet nicht.", thrown.Message);

        var nextQuery = await _store.NextQueryAsync();
        Assert.Equal([2], nextQuery.Keys);
        nextQuery.Answer(new() { [2] = "zwei" });
        Assert.Equal("zwei", await waiting.WaitAsync(Patience));

        var later = reads.ReadAsync(3, CancellationToken.None);
        var laterQuery = await _store.NextQueryAsync();
        laterQuery.Answer(new() { [3] = "drei" });
        Assert.Equal("drei", await later.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_query_asks_for_at_most_the_group_size_and_the_rest_go_next()
    {
        var reads = new CoalescedReads<int, string>(_store.ReadAsync, maxGroup: 2);
        var first = reads.ReadAsync(1, CancellationToken.None);
        var firstQuery = await _store.NextQueryAsync();
        var waiting = new[] { 2, 3, 4 }.Select(k => reads.ReadAsync(k, CancellationToken.None)).ToList();

        firstQuery.Answer(new() { [1] = "1" });
        var secondQuery = await _store.NextQueryAsync();
        Assert.Equal([2, 3], secondQuery.Keys);
        secondQuery.Answer(new() { [2] = "2", [3] = "3" });
        var thirdQuery = await _store.NextQueryAsync();
        Assert.Equal([4], thirdQuery.Keys);
        thirdQuery.Answer(new() { [4] = "4" });

        Assert.Equal(new string?[] { "2", "3", "4" }, await Task.WhenAll(waiting).WaitAsync(Patience));
        Assert.Equal("1", await first.WaitAsync(Patience));
    }

    [Fact]
    public async Task Giving_up_on_a_question_leaves_its_group_to_the_others()
    {
        var reads = new CoalescedReads<int, string>(_store.ReadAsync, maxGroup: 100);
        var first = reads.ReadAsync(1, CancellationToken.None);
        var firstQuery = await _store.NextQueryAsync();
        using var givingUp = new CancellationTokenSource();
        var abandoned = reads.ReadAsync(2, givingUp.Token);
        var kept = reads.ReadAsync(3, CancellationToken.None);
        firstQuery.Answer([]);
        var secondQuery = await _store.NextQueryAsync();

        await givingUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        secondQuery.Answer(new() { [2] = "zwei", [3] = "drei" });

        Assert.Equal("drei", await kept.WaitAsync(Patience));
        Assert.Null(await first.WaitAsync(Patience));
    }

    /// <summary>The store: each query shows up here with its keys and is answered when the test says so.</summary>
    private sealed class Store
    {
        private readonly Channel<Query> _queries = Channel.CreateUnbounded<Query>();

        public bool HasQuery => _queries.Reader.TryPeek(out _);

        public Task<IReadOnlyDictionary<int, string>> ReadAsync(IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
        {
            var query = new Query([.. keys]);
            _queries.Writer.TryWrite(query);
            return query.Answered.Task;
        }

        public async Task<Query> NextQueryAsync() => await _queries.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }

    private sealed class Query(int[] keys)
    {
        public int[] Keys { get; } = keys;

        public TaskCompletionSource<IReadOnlyDictionary<int, string>> Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Answer(Dictionary<int, string> answers) => Answered.SetResult(answers);

        public void Fail(Exception exception) => Answered.SetException(exception);
    }
}
