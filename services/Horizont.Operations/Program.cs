using Horizont.Hosting;
using Horizont.Operations;

return await HorizontHost.RunAsync(args, "http://localhost:5300", builder => builder.AddOperations());
