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
    %v5 = arith.constant 0x3F800000 : f32
    scf.for %v6 = %c0 to %vend16 step %cw16 : i64 {
      %v8 = vector.broadcast %v5 : f32 to vector<16xf32>
      %v10 = arith.addi %base0, %v6 : i64
      %v11 = llvm.getelementptr %ptr0[%v10] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v9 = llvm.load %v11 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v12 = arith.negf %v9 : vector<16xf32>
      %v13 = math.exp %v12 : vector<16xf32>
      %v14 = arith.addf %v8, %v13 fastmath<contract> : vector<16xf32>
      %v15 = arith.divf %v8, %v14 : vector<16xf32>
      %v16 = arith.addi %base1, %v6 : i64
      %v17 = llvm.getelementptr %ptr1[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v15, %v17 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v18 = %vend16 to %len step %c1 : i64 {
      %v21 = arith.addi %base0, %v18 : i64
      %v22 = llvm.getelementptr %ptr0[%v21] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v20 = llvm.load %v22 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v23 = arith.negf %v20 : f32
      %v24 = math.exp %v23 : f32
      %v25 = arith.addf %v5, %v24 fastmath<contract> : f32
      %v26 = arith.divf %v5, %v25 : f32
      %v27 = arith.addi %base1, %v18 : i64
      %v28 = llvm.getelementptr %ptr1[%v27] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v26, %v28 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
