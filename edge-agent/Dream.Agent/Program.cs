using Dream.Agent;

return await AgentCommandLine.Build().Parse(args).InvokeAsync();
