import Foundation
import IOMAudit

exit(IOMAuditCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
