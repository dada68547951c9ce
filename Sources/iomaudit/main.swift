import IOMAudit
print("iomaudit")
