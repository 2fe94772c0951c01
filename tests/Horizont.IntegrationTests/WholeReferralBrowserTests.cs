using Horizont.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Horizont.IntegrationTests;

/// <summary>
/// A whole referral through the pages, a Jugendamt browser and a provider browser side by side on the all-in-one host:
/// the caseworker types the referral into Neue Zuweisung with the keyboard alone, the provider accepts it, records the
/// intake meeting, the placement and the hours and reports it done, each step showing on the Jugendamt's page; the
/// caseworker drafts the court report, downloads its PDF and records it as sent. Screenshots and the PDF are kept as
/// test output (<c>screenshots</c>).
/// </summary>
public sealed class WholeReferralBrowserTests : IAsyncLifetime
{
    private const string FileReference = "JGH-2026-2412";

    private AllInOne _host = null!;

    public async Task InitializeAsync() => _host = await AllInOne.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [ChromiumFact]
    public async Task From_the_new_referral_form_to_the_court_report_PDF()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Date;
            var iso = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var jugendamt = await _host.SignedInPageAsync(browser, "jugendamt");
            var provider = await _host.SignedInPageAsync(browser, "teamleitung");

            // Jugendamt: Neue Zuweisung, keyboard only (skip link, then Tab from field to field).
            await jugendamt.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" }).GetByRole(AriaRole.Link, new() { Name = "Neue Zuweisung" }).ClickAsync();
            await jugendamt.GetByRole(AriaRole.Heading, new() { Name = "Neue Zuweisung" }).WaitForAsync();
            await jugendamt.Keyboard.PressAsync("Tab");
            await jugendamt.Keyboard.PressAsync("Enter");
            await TypeAsync(jugendamt, "feld-fileReference", FileReference);
            await TypeAsync(jugendamt, "feld-providerId", "Horizont");
            await TypeAsync(jugendamt, "feld-legalBasis", "Weisung");
            await TypeAsync(jugendamt, "feld-hoursOrdered", "8");
            await TypeDateAsync(jugendamt, "feld-deadline", new DateOnly(2027, 6, 30));
            await TabToAsync(jugendamt, "folgen-ja");
            await jugendamt.Keyboard.PressAsync("Space");
            await TypeAsync(jugendamt, "feld-youngPerson-givenName", "Mara");
            await TypeAsync(jugendamt, "feld-youngPerson-familyName", "Tastatur");
            await TypeDateAsync(jugendamt, "feld-youngPerson-dateOfBirth", new DateOnly(2008, 5, 1));
            await TypeAsync(jugendamt, "feld-caseworker-name", "Petra Sachbearbeiterin");
            Assert.Equal("Weisung des Gerichts (§ 10 JGG)", await jugendamt.EvaluateAsync<string>(
                "() => document.getElementById('feld-legalBasis').selectedOptions[0].textContent"));
            await AllInOne.ScreenshotAsync(jugendamt, "neue-zuweisung");
            await TabToAsync(jugendamt, null, "Zuweisung an den Träger übergeben");
            await jugendamt.Keyboard.PressAsync("Enter");
            await jugendamt.GetByText("Die Zuweisung wurde an den Träger übergeben.").WaitForAsync();
            var referralPath = new Uri(jugendamt.Url).AbsolutePath;

            // Provider: Eingang → accept.
            var row = provider.GetByRole(AriaRole.Row).Filter(new() { HasText = FileReference });
            await _host.ReloadUntilAsync(provider, "/provider/eingang", row);
            await row.GetByRole(AriaRole.Button, new() { Name = "Annehmen" }).ClickAsync();
            await provider.GetByText($"Die Zuweisung {FileReference} wurde angenommen").WaitForAsync();
            await SeesAsync(jugendamt, referralPath, "Zuweisung angenommen");

            // Provider: Fälle → Fallakte; every step as its form.
            await provider.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" }).GetByRole(AriaRole.Link, new() { Name = "Fälle" }).ClickAsync();
            await provider.GetByRole(AriaRole.Link, new() { Name = FileReference }).ClickAsync();
            await provider.GetByText("Mara Tastatur").First.WaitForAsync();
            await StepAsync(provider, "Ein Erstgespräch terminieren", form => form.GetByLabel("Termin (Datum und Uhrzeit)").FillAsync($"{iso}T23:59"));
            await StepAsync(provider, "Das Erstgespräch als geführt erfassen", form => form.GetByLabel("Datum des Termins").FillAsync(iso));
            await SeesAsync(jugendamt, referralPath, "Erstgespräch gemeldet");
            await StepAsync(provider, "Eine Einsatzstelle vermitteln", async form =>
            {
                await form.GetByLabel("Bereich (erfährt das Jugendamt)").SelectOptionAsync("SOCIAL");
                await form.GetByLabel("Einsatzstelle, falls nicht im Katalog").FillAsync("Tafel Nordhausen");
                await form.GetByLabel("Beginn").FillAsync(iso);
            });
            await StepAsync(provider, "Stunden erfassen", async form =>
            {
                await form.GetByLabel("Datum des Einsatzes").FillAsync(iso);
                await form.GetByLabel("Stunden", new() { Exact = true }).FillAsync("8");
            });
            await provider.GetByText("8 von 8 geleistet", new() { Exact = false }).WaitForAsync();
            await AllInOne.ScreenshotAsync(provider, "fallakte");
            await SeesAsync(jugendamt, referralPath, "Stunden gemeldet");
            await StepAsync(provider, "Als erledigt melden", form => form.GetByLabel("Alle Stunden geleistet am").FillAsync(iso));
            await provider.GetByText("Dieser Fall ist beendet").WaitForAsync();

            // Jugendamt: the completion shows; the court report is drafted, downloaded as PDF and recorded as sent.
            await SeesAsync(jugendamt, referralPath, "Erledigung gemeldet");
            await jugendamt.GetByRole(AriaRole.Link, new() { Name = "Bericht an das Gericht entwerfen" }).ClickAsync();
            var text = jugendamt.GetByLabel("Berichtstext");
            Assert.Contains("Mara Tastatur", await text.InputValueAsync(), StringComparison.Ordinal);
            Assert.Contains("alle 8 Stunden abgeleistet", await text.InputValueAsync(), StringComparison.Ordinal);
            await AllInOne.ScreenshotAsync(jugendamt, "bericht");
            var download = await jugendamt.RunAndWaitForDownloadAsync(() => jugendamt.GetByRole(AriaRole.Button, new() { Name = "Als PDF herunterladen" }).ClickAsync());
            var pdf = Path.Combine(AllInOne.Screenshots, download.SuggestedFilename);
            await download.SaveAsAsync(pdf);
            Assert.Equal($"Bericht-{FileReference}.pdf", download.SuggestedFilename);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 4));
            await jugendamt.GetByRole(AriaRole.Button, new() { Name = "Als versandt vermerken" }).ClickAsync();
            await jugendamt.GetByText("Der Bericht an das Gericht ist als versandt vermerkt.").WaitForAsync();
            await jugendamt.GetByText("abgeschlossen").First.WaitForAsync();
            await AllInOne.ScreenshotAsync(jugendamt, "zuweisung-abgeschlossen");
        }
    }

    /// <summary>Presses Tab until the element with <paramref name="id"/> (or the button named <paramref name="button"/>) has the focus.</summary>
    private static async Task TabToAsync(IPage page, string? id, string? button = null)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("() => [document.activeElement.id, document.activeElement.textContent.trim()]");
            if ((id is not null && focused[0] == id) || (button is not null && focused[1] == button))
                return;
        }

        Assert.Fail($"Tab never reached {id ?? button}");
    }

    /// <summary>Tabs to the field <paramref name="id"/> and types <paramref name="keys"/> into it, as a person at a keyboard.</summary>
    private static async Task TypeAsync(IPage page, string id, string keys)
    {
        await TabToAsync(page, id);
        await page.Keyboard.TypeAsync(keys);
    }

    /// <summary>
    /// Tabs to the date field <paramref name="id"/> and types the date as a person does: in the field's own order of day,
    /// month and year, which Chromium takes from the machine's locale (TT.MM.JJJJ on a German one, MM/DD/YYYY here).
    /// </summary>
    private static async Task TypeDateAsync(IPage page, string id, DateOnly date)
    {
        var iso = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await TabToAsync(page, id);
        await page.Keyboard.TypeAsync(date.ToString("ddMMyyyy", System.Globalization.CultureInfo.InvariantCulture));
        if (await page.EvaluateAsync<string>($"() => document.getElementById('{id}').value") == iso)
            return;
        // Each part of a date field is its own stop: back from the year to the first part, then the other order.
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.TypeAsync(date.ToString("MMddyyyy", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(iso, await page.EvaluateAsync<string>($"() => document.getElementById('{id}').value"));
    }

    /// <summary>Opens the step <paramref name="step"/> on the Fallakte, fills it, sends it and waits for its notice.</summary>
    private static async Task StepAsync(IPage page, string step, Func<ILocator, Task> fill)
    {
        var details = page.Locator("details.step").Filter(new() { Has = page.Locator("summary", new() { HasTextString = step }) });
        if (await details.GetAttributeAsync("open") is null)
            await details.Locator("summary").ClickAsync();
        await fill(details);
        await details.GetByRole(AriaRole.Button, new() { Name = step }).ClickAsync();
        await page.GetByText($"Erledigt: {step}.").WaitForAsync();
    }

    /// <summary>The Jugendamt's referral page shows <paramref name="entry"/> in its history (the provider's message arrived).</summary>
    private Task SeesAsync(IPage page, string referralPath, string entry) =>
        _host.ReloadUntilAsync(page, referralPath, page.Locator(".timeline").GetByText(entry).First);
}
