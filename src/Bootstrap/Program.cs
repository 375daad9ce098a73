// The serverless bootstrap: one executable for the Lambda, SageMaker and Cloud Run contracts (see the bootstrap issue).
// Until the hosts land it only reports what it would serve.
Console.Error.WriteLine("Toolkit.Bootstrap: the platform hosts are not built yet; the engines in this assembly are used by Bench and tests.");
return 2;
