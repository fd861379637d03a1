using Dream.Cli;

return await CliCommandLine.Build().Parse(args).InvokeAsync();
