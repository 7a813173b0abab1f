import Campaign
import CampaignCLI
import Foundation

// The `campaign` command: everything is in CampaignCLI, which tests run in
// process; this gives it the real environment, clock and streams.
let environment = ProcessInfo.processInfo.environment
exit(CampaignCommand.run(Array(CommandLine.arguments.dropFirst()), environment: environment, clock: .live,
                         output: .standard(1, environment: environment), errors: .standard(2, environment: environment)))
