// ---- kernel0: r0:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r0 = arith.divsi %row, %tiles : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    scf.for %v5 = %c0 to %vend16 step %cw16 : i64 {
      %v8 = arith.addi %base0, %v5 : i64
      %v9 = llvm.getelementptr %ptr0[%v8] : (!llvm.ptr, i64) -> !llvm.ptr, f64
      %v7 = llvm.load %v9 {alignment = 8 : i64} : !llvm.ptr -> vector<16xf64>
      %v10 = math.exp %v7 : vector<16xf64>
      %v11 = math.log1p %v10 : vector<16xf64>
      %v12 = arith.addi %base1, %v5 : i64
      %v13 = llvm.getelementptr %ptr1[%v12] : (!llvm.ptr, i64) -> !llvm.ptr, f64
      llvm.store %v11, %v13 {alignment = 8 : i64} : vector<16xf64>, !llvm.ptr
    }
    scf.for %v14 = %vend16 to %len step %c1 : i64 {
      %v17 = arith.addi %base0, %v14 : i64
      %v18 = llvm.getelementptr %ptr0[%v17] : (!llvm.ptr, i64) -> !llvm.ptr, f64
      %v16 = llvm.load %v18 {alignment = 8 : i64} : !llvm.ptr -> f64
      %v19 = math.exp %v16 : f64
      %v20 = math.log1p %v19 : f64
      %v21 = arith.addi %base1, %v14 : i64
      %v22 = llvm.getelementptr %ptr1[%v21] : (!llvm.ptr, i64) -> !llvm.ptr, f64
      llvm.store %v20, %v22 {alignment = 8 : i64} : f64, !llvm.ptr
    }
  }
  return
}
