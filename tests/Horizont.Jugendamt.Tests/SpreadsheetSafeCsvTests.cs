using Horizont.Jugendamt.Intake;

namespace Horizont.Jugendamt.Tests;

public sealed class SpreadsheetSafeCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+49 3631 1", "'+49 3631 1")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("Lena", "Lena")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("", "")]
    public void A_cell_a_spreadsheet_would_take_for_a_formula_gets_a_leading_quote(string value, string cell) =>
        Assert.Equal(cell, SpreadsheetSafeCsv.Cell(value));

    [Theory]
    [InlineData("=1+1")]
    [InlineData("+49")]
    [InlineData("-")]
    [InlineData("@x")]
    [InlineData("'text")]
    [InlineData("plain")]
    public void The_reader_takes_the_added_quote_off_again(string value) =>
        Assert.Equal(value, SpreadsheetSafeCsv.Restore(SpreadsheetSafeCsv.Neutralise(value)));

    [Fact]
    public void A_line_joins_safe_cells_with_semicolons() =>
        Assert.Equal("a;'=b;\"c;d\"", SpreadsheetSafeCsv.Line(["a", "=b", "c;d"]));
}
