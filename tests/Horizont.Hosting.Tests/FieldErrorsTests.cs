using Horizont.Hosting.Validation;
using Horizont.Messages;

namespace Horizont.Hosting.Tests;

public sealed class FieldErrorsTests
{
    [Fact]
    public void An_unknown_code_names_the_field_and_lists_the_allowed_values()
    {
        var errors = new FieldErrors();
        Assert.False(errors.RequireCode("legalBasis", "JGG_99", ["JGG_10", "JGG_15"]));
        Assert.Equal(["legalBasis: Unbekannter Wert 'JGG_99'. Erlaubt: JGG_10, JGG_15."], errors.Lines());
    }

    [Fact]
    public void A_wrong_value_that_is_not_code_shaped_is_not_repeated()
    {
        var errors = new FieldErrors();
        errors.RequireCode("legalBasis", "Lena Beispiel, 14.03.2007", ["JGG_10"]);
        Assert.Equal(["legalBasis: Unbekannter Wert. Erlaubt: JGG_10."], errors.Lines());
    }

    [Fact]
    public void A_missing_code_is_reported_as_missing()
    {
        var errors = new FieldErrors();
        errors.RequireCode("reasonCode", null, ["NO_CAPACITY"]);
        Assert.Contains("Pflichtfeld fehlt", Assert.Single(errors.Lines()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_over_its_limit_is_reported_with_both_lengths()
    {
        var errors = new FieldErrors();
        errors.MaxLength("note", new string('x', 501), 500);
        errors.MaxLength("other", new string('x', 500), 500);
        Assert.Equal(["note: Höchstens 500 Zeichen erlaubt, angegeben: 501."], errors.Lines());
    }

    [Fact]
    public void Ages_count_full_years_up_to_the_day_before_the_birthday()
    {
        Assert.Equal(16, ReferralLimits.AgeOn(new DateOnly(2009, 11, 26), new DateOnly(2026, 11, 25)));
        Assert.Equal(18, ReferralLimits.AgeOn(new DateOnly(2008, 11, 25), new DateOnly(2026, 11, 25)));
    }
}
