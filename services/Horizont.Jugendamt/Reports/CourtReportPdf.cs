using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Horizont.Jugendamt.Reports;

/// <summary>No font to write the PDF with was found on this machine.</summary>
public sealed class ReportFontMissingException(string message) : Exception(message);

/// <summary>
/// The report as an A4 PDF (PDFsharp 6.2.4): the caseworker's text as edited, wrapped to the page width, with page
/// breaks and page numbers. The font is a free sans-serif from the operating system (DejaVu or Liberation), read by
/// <see cref="SystemFonts"/>; nothing is fetched from anywhere.
/// </summary>
public static class CourtReportPdf
{
    private const double Margin = 56; // about 2 cm
    private const double FontSize = 11;
    private const double LineHeight = FontSize * 1.45;

    private static readonly Lazy<bool> FontsReady = new(() =>
    {
        GlobalFontSettings.FontResolver ??= new SystemFonts();
        return true;
    });

    /// <summary>The PDF's bytes. Throws <see cref="ReportFontMissingException"/> when the machine has no usable font.</summary>
    public static byte[] Render(string title, string text)
    {
        if (SystemFonts.RegularPath is null)
            throw new ReportFontMissingException("Auf diesem Server ist keine Schrift für PDF-Dateien installiert (Debian-Paket fonts-dejavu-core oder fonts-liberation).");
        _ = FontsReady.Value;

        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Horizont";
        var font = new XFont(SystemFonts.Family, FontSize, XFontStyleEx.Regular);
        var small = new XFont(SystemFonts.Family, 8, XFontStyleEx.Regular);

        var lines = new List<string>();
        XGraphics? measure = null;
        PdfPage? page = null;
        double y = 0;
        var pages = new List<PdfPage>();

        void NewPage()
        {
            measure?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            pages.Add(page);
            measure = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        NewPage();
        var width = page!.Width.Point - 2 * Margin;
        var bottom = page.Height.Point - Margin - LineHeight;
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            foreach (var line in Wrap(paragraph, measure!, font, width))
            {
                if (y > bottom)
                    NewPage();
                measure!.DrawString(line, font, XBrushes.Black, new XPoint(Margin, y + FontSize));
                y += LineHeight;
            }
        }

        measure!.Dispose();
        for (var i = 0; i < pages.Count; i++)
        {
            using var footer = XGraphics.FromPdfPage(pages[i]);
            footer.DrawString($"{title} · Seite {i + 1} von {pages.Count}", small, XBrushes.Gray,
                new XPoint(Margin, pages[i].Height.Point - Margin / 2));
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>A paragraph broken into lines no wider than <paramref name="width"/>; a word longer than a line is cut.</summary>
    private static IEnumerable<string> Wrap(string paragraph, XGraphics graphics, XFont font, double width)
    {
        if (paragraph.Length == 0)
        {
            yield return "";
            yield break;
        }

        var line = "";
        foreach (var word in paragraph.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (graphics.MeasureString(candidate, font).Width <= width)
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
                yield return line;
            line = word;
            while (line.Length > 1 && graphics.MeasureString(line, font).Width > width)
            {
                var cut = line.Length - 1;
                while (cut > 1 && graphics.MeasureString(line[..cut], font).Width > width)
                    cut--;
                yield return line[..cut];
                line = line[cut..];
            }
        }

        yield return line;
    }

    /// <summary>The regular and bold face of the first free sans-serif found in Debian's font folders.</summary>
    private sealed class SystemFonts : IFontResolver
    {
        public const string Family = "HorizontSans";

        private static readonly (string Regular, string Bold)[] Candidates =
        [
            ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
            ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
            ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
        ];

        public static string? RegularPath { get; } = Candidates.Select(c => c.Regular).FirstOrDefault(File.Exists);

        private static string? BoldPath { get; } = Candidates.Select(c => c.Bold).FirstOrDefault(File.Exists) ?? RegularPath;

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "HorizontSans-Bold" : "HorizontSans-Regular");

        public byte[]? GetFont(string faceName) =>
            File.ReadAllBytes(faceName == "HorizontSans-Bold" ? BoldPath! : RegularPath!);
    }
}
