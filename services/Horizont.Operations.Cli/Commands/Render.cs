using Horizont.Operations.Endpoints;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Horizont.Operations.Cli.Commands;

/// <summary>Tables and raw JSON on the console; every text from the service is shown as text, never as markup.</summary>
internal static class Render
{
    /// <summary>
    /// The answer as the service sent it, straight to the output writer: Spectre's text rendering would wrap long
    /// lines at the console width and break the JSON for a script.
    /// </summary>
    public static void Json(IAnsiConsole console, string json)
    {
        console.Profile.Out.Writer.WriteLine(json);
        console.Profile.Out.Writer.Flush();
    }

    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        return table;
    }

    public static IRenderable Cell(string? text) => new Text(text ?? GermanLabels.None);

    public static IRenderable Cell(string text, Color color) => new Text(text, new Style(color));

    public static void Line(IAnsiConsole console, string text, Color color) => console.Write(new Text(text + Environment.NewLine, new Style(color)));

    public static void Line(IAnsiConsole console, string text) => console.Write(new Text(text + Environment.NewLine));
}
