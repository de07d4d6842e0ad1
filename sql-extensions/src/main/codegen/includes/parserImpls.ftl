<#-- Productions of the extended grammar. They only parse and call constructors or factories. -->
