namespace Horizont.Jugendamt;

public static class JugendamtRegistration
{
    /// <summary>Everything the Jugendamt side adds to a Horizont host.</summary>
    public static WebApplicationBuilder AddJugendamt(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
